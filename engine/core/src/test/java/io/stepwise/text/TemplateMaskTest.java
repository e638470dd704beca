package io.stepwise.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Masking covers every rendering of a secret, not only its literal value. */
class TemplateMaskTest {
    private static final String SECRET = "it's \"Sec\" \\ $x`9";
    private static final Map<String, String> SECRETS = Map.of("pw", SECRET);

    @Test
    void masksTheLiteralAndTheShellQuotedForms() {
        String cmd = Template.shell("f --password={{pw}}", n -> SECRET);
        assertThat(Template.mask(cmd, SECRETS)).isEqualTo("f --password=****");
        assertThat(Template.mask("+ f '--password=it'\\''s \"Sec\" \\ $x`9'", SECRETS))
                .isEqualTo("+ f '--password=****'");
        assertThat(Template.mask("plain " + SECRET + " end", SECRETS)).isEqualTo("plain **** end");
    }

    @Test
    void masksSqlAndBackslashEscapedForms() {
        assertThat(Template.mask("near 'it''s \"Sec\" \\ $x`9'", SECRETS)).isEqualTo("near '****'");
        assertThat(Template.mask("near 'it''s \"Sec\" \\\\ $x`9'", SECRETS)).isEqualTo("near '****'");
        assertThat(Template.mask("near 'it\\'s \\\"Sec\\\" \\\\ $x`9'", SECRETS)).isEqualTo("near '****'");
        assertThat(Template.mask("\"pw\": \"it's \\\"Sec\\\" \\\\ $x`9\"", SECRETS)).isEqualTo("\"pw\": \"****\"");
        assertThat(Template.mask("sh -c \"f it's \\\"Sec\\\" \\\\ \\$x\\`9\"", SECRETS)).isEqualTo("sh -c \"f ****\"");
        String sqlShown = Template.sqlForDisplay("SET PASSWORD = {{pw}}", n -> SECRET);
        assertThat(Template.mask(sqlShown, SECRETS)).isEqualTo("SET PASSWORD = '****'");
    }

    @Test
    void aMaskerFollowsSecretsReadLater() {
        Map<String, String> live = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.UnaryOperator<String> masker = Template.masker(live);
        assertThat(masker.apply("pw " + SECRET)).isEqualTo("pw " + SECRET);
        live.put("ref:db", SECRET);
        assertThat(masker.apply("pw '" + SECRET.replace("'", "''") + "'")).as("a secret read after the masker was made")
                .isEqualTo("pw '****'");
        live.put("ref:db", "n3w-value");
        assertThat(masker.apply("pw n3w-value, " + SECRET)).as("a secret whose value changed")
                .isEqualTo("pw ****, " + SECRET);
        assertThat(masker.apply(null)).isNull();
    }

    @Test
    void masksUrlEncodedForms() {
        String enc = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        assertThat(Template.mask("u?p=" + enc, SECRETS)).isEqualTo("u?p=****");
        assertThat(Template.mask("u?p=" + enc.replace("+", "%20"), SECRETS)).isEqualTo("u?p=****");
    }

    @Test
    void leavesOtherTextAlone() {
        assertThat(Template.mask("nothing secret here: it is Sec", SECRETS)).isEqualTo("nothing secret here: it is Sec");
    }
}
