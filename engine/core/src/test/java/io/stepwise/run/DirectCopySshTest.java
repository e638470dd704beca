package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh a direct copy's source runs ({@link DirectCopy#SSH}): the ciphers its configuration allows, AES-GCM
 * first when the CPU has AES instructions. Run by the machine's {@code /bin/sh} with the real {@code ssh -G}
 * reading a configuration of the test's; the ssh that would connect is a function that prints its arguments.
 */
class DirectCopySshTest {
    @TempDir
    Path dir;

    static boolean cpuHasAes() {
        try {
            return Pattern.compile("(?m)^(flags|Features)\\s*:.*\\baes\\b").matcher(Files.readString(Path.of("/proc/cpuinfo"))).find();
        } catch (IOException e) {
            return false;
        }
    }

    private String argsWith(String config) throws Exception {
        Path cfg = Files.writeString(dir.resolve("ssh_config"), config);
        String script = DirectCopy.SSH + "ssh() { if [ \"$1\" = -G ]; then /usr/bin/ssh \"$@\"; else printf '%s|' \"$@\"; fi; }; "
                + "sw_ssh -F " + CopyShell.q(cfg.toString()) + " -o BatchMode=yes -p 2222 'u@h' 'echo it'\"'\"'s; rm x'";
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void aesGcmComesFirstOnACpuWithAesAndTheArgumentsPassUnchanged() throws Exception {
        String tail = "-F|" + dir.resolve("ssh_config") + "|-o|BatchMode=yes|-p|2222|u@h|echo it's; rm x|";
        String args = argsWith("Host *\n  User someone\n");
        if (cpuHasAes()) {
            assertThat(args).startsWith("-o|Ciphers=aes128-gcm@openssh.com,aes256-gcm@openssh.com,").endsWith("|" + tail);
            List<String> offered = List.of(args.split("\\|")[1].substring("Ciphers=".length()).split(","));
            assertThat(offered).contains("chacha20-poly1305@openssh.com", "aes128-ctr").doesNotHaveDuplicates();
        } else {
            assertThat(args).isEqualTo(tail);
        }
    }

    @Test
    void theSetTheConfigurationAllowsIsKeptOnlyReordered() throws Exception {
        String args = argsWith("Host *\n  Ciphers aes256-ctr,chacha20-poly1305@openssh.com,aes256-gcm@openssh.com\n");
        if (cpuHasAes()) {
            assertThat(args).startsWith("-o|Ciphers=aes256-gcm@openssh.com,aes256-ctr,chacha20-poly1305@openssh.com|-F|");
        } else {
            assertThat(args).startsWith("-F|");
        }
    }

    @Test
    void aConfigurationWithoutAesGcmRunsSshAsConfigured() throws Exception {
        assertThat(argsWith("Host *\n  Ciphers aes256-ctr,chacha20-poly1305@openssh.com\n")).startsWith("-F|")
                .doesNotContain("Ciphers");
    }
}
