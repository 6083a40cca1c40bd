package dev.sejour.booking.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application as a user writes it: no booking code at all, only properties. */
@SpringBootApplication
public class ShopApplication {
}
