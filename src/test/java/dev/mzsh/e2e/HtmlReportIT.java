package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment's HTML report, rendered by a real browser (headless Chromium, installed by
 * .ci/test-tools): it loads, its screenshot is kept under target/it-screenshots, and the totals
 * the browser shows are the text report's.
 */
class HtmlReportIT {
    @TempDir
    Path work;

    @Test
    void theExperimentsHtmlReportRendersWithTheTextReportsTotals() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", "experiment -- tar cf /tmp/etc.tar /etc");
        assertThat(r.status()).as(r.stderr()).isZero();
        Path html = run.resolve("kmap-001.html");
        assertThat(r.stderr()).contains("report: " + html);
        assertThat(Files.readString(html)).doesNotContain("<script", "http://", "https://", "src=");

        Path shots = Mzsh.REPO.resolve("target/it-screenshots");
        Files.createDirectories(shots);
        Path png = shots.resolve("kmap-report.png");
        Files.deleteIfExists(png);
        browser(
                work,
                "--screenshot=" + png,
                "--window-size=1200,2400",
                html.toUri().toString());
        byte[] image = Files.readAllBytes(png);
        assertThat(image.length).isGreaterThan(10_000);
        assertThat(new String(image, 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        System.out.println("HtmlReportIT: screenshot of the rendered report: " + png);

        String dom = browser(work, "--dump-dom", html.toUri().toString());
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<td id=\"total-([a-z-]+)\">([\\d,]+)</td>").matcher(dom);
        while (m.find()) {
            shown.put(m.group(1), m.group(2));
        }
        Mzsh.Result text =
                Mzsh.run(work, "kmap", "summary", run.resolve("kmap-001.kmap").toString());
        assertThat(text.status()).as(text.stderr()).isZero();
        Matcher t = Pattern.compile("objects +([\\d,]+) \\(live ([\\d,]+), freed ([\\d,]+), overwritten ([\\d,]+)\\)\\n"
                        + "bytes +([\\d,]+) .*\\naccesses +([\\d,]+) lines, ([\\d,]+) reads, ([\\d,]+) writes")
                .matcher(text.out());
        assertThat(t.find()).as(text.out()).isTrue();
        Map<String, String> expected = new LinkedHashMap<>();
        List<String> keys =
                List.of("objects", "live", "freed", "overwritten", "bytes", "access-lines", "reads", "writes");
        for (int i = 0; i < keys.size(); i++) {
            expected.put(keys.get(i), t.group(i + 1));
        }
        assertThat(shown).isEqualTo(expected);
        assertThat(Long.parseLong(expected.get("objects").replace(",", ""))).isPositive();
        assertThat(dom).contains("Allocation sites by count", "tar");
    }

    /** Headless Chromium (as root it needs --no-sandbox); its stdout. */
    private static String browser(Path cwd, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + cwd.resolve("chromium-profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectError(cwd.resolve("chromium.err").toFile())
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(Files.readString(cwd.resolve("chromium.err")))
                .isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
