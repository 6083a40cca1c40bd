package dev.sejour.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CheckoutValidatorTest {

    private final CheckoutValidator validator = new CheckoutValidator(10);

    @Test
    void aValidRequestIsTrimmedAndItsEmailDomainLowerCased() {
        CheckoutRequest valid = validator.validate(
                new CheckoutRequest("yoga_aux_choseaux", 2, " David@Example.COM ", " Devillers ", "David"));

        assertThat(valid).isEqualTo(
                new CheckoutRequest("yoga_aux_choseaux", 2, "David@example.com", "Devillers", "David"));
    }

    @Test
    void accentedAndHundredCharacterNamesAreAccepted() {
        String hundred = "é".repeat(100);

        assertThat(validator.validate(new CheckoutRequest("yoga", 1, "zoe@exemple.fr", hundred, "Zoé")).lastName())
                .isEqualTo(hundred);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "missing slug      | NULL          | 1  | a@b.fr         | Nom  | Prenom | slug",
        "slug with space   | yoga retreat  | 1  | a@b.fr         | Nom  | Prenom | slug",
        "slug with slash   | ../etc        | 1  | a@b.fr         | Nom  | Prenom | slug",
        "zero places       | yoga          | 0  | a@b.fr         | Nom  | Prenom | nbPlaces",
        "negative places   | yoga          | -3 | a@b.fr         | Nom  | Prenom | nbPlaces",
        "too many places   | yoga          | 11 | a@b.fr         | Nom  | Prenom | nbPlaces",
        "missing email     | yoga          | 1  | NULL           | Nom  | Prenom | email",
        "email without at  | yoga          | 1  | david.example  | Nom  | Prenom | email",
        "email two ats     | yoga          | 1  | a@b@c.fr       | Nom  | Prenom | email",
        "email with header | yoga          | 1  | 'a@b.fr>, x@y' | Nom  | Prenom | email",
        "empty first label | yoga          | 1  | camille@.example.org | Nom | Prenom | email",
        "empty inner label | yoga          | 1  | camille@example..org | Nom | Prenom | email",
        "hyphened label    | yoga          | 1  | a@-bad-.fr     | Nom  | Prenom | email",
        "dot before at     | yoga          | 1  | a.@b.fr        | Nom  | Prenom | email",
        "non-ASCII local   | yoga          | 1  | jöhn@example.com | Nom | Prenom | email",
        "blank nom         | yoga          | 1  | a@b.fr         | '  ' | Prenom | nom",
        "missing prenom    | yoga          | 1  | a@b.fr         | Nom  | NULL   | prenom",
    })
    void invalidFieldsAreNamedInTheError(String label, String slug, int places, String email, String nom,
                                        String prenom, String field) {
        assertThatThrownBy(() -> validator.validate(new CheckoutRequest(slug, places, email, nom, prenom)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith(field + " ")
                .extracting(e -> ((BookingException) e).errorCode())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void namesWithLineBreaksAreRefused() {
        assertThatThrownBy(() -> validator.validate(
                new CheckoutRequest("yoga", 1, "a@b.fr", "Eve\r\nBcc: victim@example.com", "Eve")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("nom");
    }

    @Test
    void overLongNamesAndEmailsAreRefused() {
        assertThatThrownBy(() -> validator.validate(new CheckoutRequest("yoga", 1, "a@b.fr", "x".repeat(101), "P")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> validator.validate(
                new CheckoutRequest("yoga", 1, "a".repeat(250) + "@b.fr", "N", "P")))
                .isInstanceOf(InvalidRequestException.class);
    }
}
