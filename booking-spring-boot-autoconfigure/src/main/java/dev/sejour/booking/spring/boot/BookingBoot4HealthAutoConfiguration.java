package dev.sejour.booking.spring.boot;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;

/**
 * The health indicator {@code booking} on Spring Boot 4, whose Actuator moved health to
 * {@code org.springframework.boot.health.contributor}. This module is compiled against Boot 3.5, so the
 * indicator is a proxy of Boot 4's interface built by reflection (the only Boot 4 types used are
 * {@code HealthIndicator} and {@code Health}); it says the same as the Boot 3 one. Turned off by
 * {@code management.health.booking.enabled=false}, or by {@code management.health.defaults.enabled=false} unless
 * that property is true (as Boot's own {@code @ConditionalOnEnabledHealthIndicator} decides).
 */
@AutoConfiguration(after = BookingAutoConfiguration.class)
@ConditionalOnClass(name = BookingBoot4HealthAutoConfiguration.HEALTH_INDICATOR)
@ConditionalOnBean(BookingService.class)
@Conditional(BookingBoot4HealthAutoConfiguration.Enabled.class)
@Import(BookingBoot4HealthAutoConfiguration.Registrar.class)
public class BookingBoot4HealthAutoConfiguration {

    static final String HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";
    static final String HEALTH = "org.springframework.boot.health.contributor.Health";
    static final String BEAN_NAME = "bookingHealthIndicator";

    /** {@code management.health.booking.enabled}, else {@code management.health.defaults.enabled}, else on. */
    static final class Enabled extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Boolean own = context.getEnvironment().getProperty("management.health.booking.enabled", Boolean.class);
            boolean enabled = own != null ? own
                    : context.getEnvironment().getProperty("management.health.defaults.enabled", Boolean.class, true);
            return enabled ? ConditionOutcome.match("booking health indicator enabled")
                    : ConditionOutcome.noMatch("booking health indicator disabled");
        }
    }

    static final class Registrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

        // Set by Spring before registerBeanDefinitions.
        private @Nullable BeanFactory beanFactory;

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beanFactory = beanFactory;
        }

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            if (registry.containsBeanDefinition(BEAN_NAME)) {
                return; // the application's own
            }
            BeanFactory beans = Objects.requireNonNull(beanFactory, "beanFactory");
            Class<?> type = load(HEALTH_INDICATOR);
            // The target type lets the Actuator find the bean by type before it is created.
            RootBeanDefinition definition = new RootBeanDefinition();
            definition.setTargetType(type);
            definition.setInstanceSupplier(() -> indicator(type, beans));
            registry.registerBeanDefinition(BEAN_NAME, definition);
        }
    }

    static Object indicator(Class<?> type, BeanFactory beans) {
        BookingService booking = beans.getBean(BookingService.class);
        SejourStore sejours = beans.getBean(SejourStore.class);
        NotificationOutbox outbox = BookingAutoConfiguration.outbox(beans.getBean(ReservationStore.class),
                beans.getBeanProvider(NotificationOutbox.class));
        Class<?> health = load(HEALTH);
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "health":
                    return health(health, booking, sejours, outbox, args == null || (boolean) args[0]);
                case "toString":
                    return "BookingHealthIndicator";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    private static Object health(Class<?> health, BookingService booking, SejourStore sejours,
                                 NotificationOutbox outbox, boolean includeDetails) throws Exception {
        Object builder;
        try {
            Map<String, Object> details = BookingHealthAutoConfiguration.details(booking, sejours, outbox);
            builder = health.getMethod("up").invoke(null);
            if (includeDetails) {
                builder = builder.getClass().getMethod("withDetails", Map.class).invoke(builder, details);
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(BookingBoot4HealthAutoConfiguration.class).debug("Booking store unreachable", e);
            builder = health.getMethod("down", Throwable.class).invoke(null, e);
        }
        try {
            Method build = builder.getClass().getMethod("build");
            return build.invoke(builder);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, BookingBoot4HealthAutoConfiguration.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " vanished after its condition matched", e);
        }
    }

}
