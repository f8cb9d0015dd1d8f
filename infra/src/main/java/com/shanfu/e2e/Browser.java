package com.shanfu.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

// Longer than 300 lines: the Selenium helper every end-to-end test shares: one small method per kind of step.
/** Headless Debian Chromium driven by Selenium, with the waits a Vaadin page and the Keycloak login need. */
public final class Browser implements AutoCloseable {

    private final WebDriver driver;
    private final WebDriverWait wait;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A browser whose language is Simplified Chinese (Accept-Language: zh-CN), as most of the portal's users. */
    public Browser(Path workDir) throws Exception {
        this(workDir, "zh-CN");
    }

    /** A browser in a language of its own: {@code en-US} sends {@code Accept-Language: en-US,en;q=0.9}. */
    public Browser(Path workDir, String language) throws Exception {
        String chromium = env("SHANFU_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = env("SHANFU_CHROMEDRIVER", "/usr/bin/chromedriver");
        Path profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--lang=" + language,
                "--accept-lang=" + language,
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        trustedKeys().ifPresent(spki -> options.addArguments("--ignore-certificate-errors-spki-list=" + spki));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile())
                .withEnvironment(java.util.Map.of(
                        "XDG_CONFIG_HOME",
                        profile.resolve("config").toString(),
                        "XDG_CACHE_HOME",
                        profile.resolve("cache").toString()))
                .build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
    }

    /**
     * The portal and the TMS speak only HTTPS, with the stack's private CA: the browser trusts exactly the keys of the
     * certificates next to {@code SHANFU_TLS_CA} (the CA's and the servers'), by their SPKI hashes, and nothing else.
     */
    private static java.util.Optional<String> trustedKeys() throws Exception {
        String ca = System.getenv("SHANFU_TLS_CA");
        if (ca == null || ca.isBlank()) {
            return java.util.Optional.empty();
        }
        java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
        List<String> hashes = new java.util.ArrayList<>();
        try (var pems = Files.list(Path.of(ca).toAbsolutePath().getParent())) {
            for (Path pem :
                    pems.filter(f -> f.toString().endsWith(".pem")).sorted().toList()) {
                try (var in = Files.newInputStream(pem)) {
                    for (var cert : x509.generateCertificates(in)) {
                        byte[] spki = java.security.MessageDigest.getInstance("SHA-256")
                                .digest(cert.getPublicKey().getEncoded());
                        hashes.add(java.util.Base64.getEncoder().encodeToString(spki));
                    }
                }
            }
        }
        return hashes.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join(",", hashes));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public void open(String url) {
        driver.get(url);
        keepPage();
    }

    /**
     * The page as the server sent it, once the Vaadin client has nothing more in flight and before the test types
     * anything, for the card data scan (HttpRecorder).
     */
    private void keepPage() {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(5))
                    .until(
                            d -> Boolean.TRUE.equals(
                                    ((JavascriptExecutor) d)
                                            .executeScript(
                                                    "return document.readyState === 'complete' && !!(window.Vaadin && window.Vaadin.Flow"
                                                            + " && window.Vaadin.Flow.clients && Object.values(window.Vaadin.Flow.clients).length > 0"
                                                            + " && Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive()))")));
        } catch (org.openqa.selenium.TimeoutException notVaadin) {
            // the Keycloak login page, a PDF: kept as it is
        }
        try {
            HttpRecorder.page(driver.getCurrentUrl(), driver.getPageSource());
        } catch (org.openqa.selenium.WebDriverException gone) {
            // no page to keep
        }
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public WebElement find(By by) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(by));
    }

    public WebElement byId(String id) {
        return find(By.id(id));
    }

    public boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /**
     * Clicks when the element can be clicked; while something lies over it (a notification toast sliding in or out),
     * waits for it to go, as a person would, up to the usual timeout.
     */
    public void click(By by) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            WebElement e = wait.until(ExpectedConditions.elementToBeClickable(by));
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center'})", e);
            try {
                e.click();
                return;
            } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
                if (System.nanoTime() > deadline) {
                    throw covered;
                }
                sleep(250);
            }
        }
    }

    /** Types into a Vaadin text field (its slotted input) or a plain input, then leaves the field. */
    public void type(String id, String text) {
        WebElement host = byId(id);
        List<WebElement> inner = host.findElements(By.cssSelector("input, textarea"));
        WebElement input = inner.isEmpty() ? host : inner.get(0);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center'})", host);
        try {
            input.clear();
            input.sendKeys(text);
        } catch (org.openqa.selenium.ElementNotInteractableException e) {
            // covered for a moment (an overlay closing): set the value as typing would, then announce it
            ((JavascriptExecutor) driver)
                    .executeScript(
                            "arguments[0].value = arguments[1];"
                                    + "arguments[0].dispatchEvent(new Event('input', {bubbles:true}));",
                            input,
                            text);
        }
        ((JavascriptExecutor) driver)
                .executeScript(
                        "arguments[0].dispatchEvent(new Event('change', {bubbles:true})); arguments[0].blur();", input);
    }

    /** Picks an item of a Vaadin select by its visible label. */
    public void select(String id, String label) {
        By item = By.xpath("//vaadin-select-item[contains(normalize-space(.), '" + label + "')]");
        for (int attempt = 1; ; attempt++) {
            click(By.id(id));
            try {
                WebElement option = waiting(Duration.ofSeconds(5), "the options of #" + id)
                        .until(ExpectedConditions.elementToBeClickable(item));
                option.click();
                waiting(Duration.ofSeconds(5), "#" + id + " to show " + label)
                        .until(d -> byId(id).getText().contains(label) ? true : null);
                return;
            } catch (org.openqa.selenium.TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
                // the click landed while the page was still laying out (a field's message appearing): try again
            }
        }
    }

    /** Picks an item of a Vaadin combo box: types to filter, then clicks the item whose label contains the text. */
    public void choose(String id, String label) {
        WebElement host = byId(id);
        WebElement input = host.findElement(By.cssSelector("input"));
        input.clear();
        input.sendKeys(label);
        By item = By.xpath("//vaadin-combo-box-item[contains(normalize-space(.), '" + label + "')]");
        waiting(Duration.ofSeconds(10), "an option '" + label + "' of #" + id)
                .until(ExpectedConditions.elementToBeClickable(item))
                .click();
        waiting(Duration.ofSeconds(10), "#" + id + " to hold " + label).until(d -> {
            Object v = ((JavascriptExecutor) d).executeScript("return arguments[0].inputElement.value", byId(id));
            return v != null && v.toString().contains(label) ? true : null;
        });
    }

    /** Fetches what a link points to within this browser's session (its cookies), e.g. a generated PDF. */
    public byte[] download(By link, String base) throws Exception {
        String href = find(link).getDomAttribute("href");
        String url = href.startsWith("http") ? href : base + "/" + href.replaceFirst("^/", "");
        String cookies = driver.manage().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        var r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .header("Cookie", cookies)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AssertionError(url + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Gives a file to a Vaadin upload (its hidden file input). */
    public void upload(String id, Path file) {
        WebElement input = byId(id).getShadowRoot().findElement(By.cssSelector("input[type=file]"));
        // the input takes several files, and ChromeDriver adds to what it holds: empty it first, or an earlier file
        // is sent again with this one
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = ''", input);
        input.sendKeys(file.toAbsolutePath().toString());
    }

    /** A fresh wait with its own message (a shared one would keep the message of an earlier wait). */
    private WebDriverWait waiting(Duration timeout, String what) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.ignoring(StaleElementReferenceException.class);
        w.withMessage(() -> "waiting for " + what + " on " + driver.getCurrentUrl());
        return w;
    }

    /** The error message a Vaadin field shows under itself, or "" when it is valid. */
    public String fieldError(String id) {
        Object invalid = ((JavascriptExecutor) driver).executeScript("return arguments[0].invalid", byId(id));
        if (!Boolean.TRUE.equals(invalid)) {
            return "";
        }
        Object m = ((JavascriptExecutor) driver).executeScript("return arguments[0].errorMessage", byId(id));
        return m == null ? "" : m.toString();
    }

    /** Waits until the field shows this error message (as the user reads it under the field). */
    public String waitForFieldError(String id, String expected) {
        return waiting(TIMEOUT, "error '" + expected + "' on #" + id)
                .until(d -> fieldError(id).contains(expected) ? fieldError(id) : null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keeps a screenshot and the page source of a failed step for whoever reads the test report. */
    public void keepEvidence(Path folder, String name) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), screenshot());
            Files.writeString(folder.resolve(name + ".html"), pageSource());
        } catch (Exception ignored) {
            // evidence is best effort: the test failure itself is what counts
        }
    }

    /** The element's rendered text, whether or not it is scrolled into view. */
    public String text(String id) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String t = readText(byId(id));
            if (t != null) {
                return t.trim();
            }
            sleep(100); // the node was replaced while it was read
        }
        throw new IllegalStateException("#" + id + " kept being replaced while it was read");
    }

    private String visibleText(WebElement e) {
        String t = readText(e);
        return t == null ? "" : t;
    }

    /** The element's innerText, or null when Vaadin replaced the node while it was read. */
    private String readText(WebElement e) {
        try {
            Object t = ((JavascriptExecutor) driver).executeScript("return arguments[0].innerText", e);
            return t == null ? "" : t.toString();
        } catch (StaleElementReferenceException gone) {
            return null;
        } catch (org.openqa.selenium.WebDriverException gone) {
            // "does not belong to the document": the node was replaced between finding and reading it
            if (String.valueOf(gone.getMessage()).contains("does not belong to the document")) {
                return null;
            }
            throw gone;
        }
    }

    /** Waits until the element's text contains the expected text; returns the text. */
    public String waitForText(By by, String expected) {
        return waiting(TIMEOUT, "'" + expected + "' in " + by)
                .until(d -> d.findElements(by).stream()
                        .map(this::visibleText)
                        .filter(t -> t.contains(expected))
                        .findFirst()
                        .orElse(null));
    }

    public void waitForUrl(String fragment) {
        waiting(TIMEOUT, "the URL to contain '" + fragment + "'").until(ExpectedConditions.urlContains(fragment));
    }

    /** Signs in on the Keycloak login page (which the portal redirected to). */
    public void keycloakLogin(String username, String password) {
        find(By.id("username"));
        driver.findElement(By.id("username")).clear();
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        if (DemoTotp.has(username)) {
            secondFactor(username);
        }
    }

    /**
     * Types the TOTP code on Keycloak's one-time code page, which staff and admins get after their password. A code
     * already used in this 30 s step is refused outside the test stack: then the next one is typed.
     */
    private void secondFactor(String username) {
        for (int attempt = 0; ; attempt++) {
            WebElement otp = find(By.id("otp"));
            otp.clear();
            otp.sendKeys(DemoTotp.code(username));
            driver.findElement(By.id("kc-login")).click();
            String outcome = waiting(TIMEOUT, "the one-time code to be taken").until(d -> {
                if (!d.findElements(By.id("input-error-otp")).isEmpty()) {
                    return "refused";
                }
                return d.findElements(By.id("otp")).isEmpty() ? "taken" : null;
            });
            if (outcome.equals("taken")) {
                return;
            }
            if (attempt > 0) {
                throw new AssertionError("Keycloak refused the TOTP code of " + username + " twice");
            }
            try {
                DemoTotp.awaitNextStep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Sets a Vaadin field's value as the user's input would (for date pickers, whose typed format follows the locale). */
    public void setValue(String id, String value) {
        ((JavascriptExecutor) driver)
                .executeScript(
                        "arguments[0].value = arguments[1];"
                                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                        byId(id),
                        value);
    }

    /** Signs in with a first password and sets a new one on Keycloak's "update password" page that follows. */
    public void keycloakLoginFirstTime(String username, String firstPassword, String newPassword) {
        keycloakLogin(username, firstPassword);
        find(By.id("password-new")).sendKeys(newPassword);
        driver.findElement(By.id("password-confirm")).sendKeys(newPassword);
        driver.findElement(By.cssSelector("[type=submit]")).click();
    }

    /** Registers a new account on Keycloak's registration page, reached from its login page. */
    public void keycloakRegister(String username, String email, String first, String last, String password) {
        click(By.cssSelector("a[href*='registration']"));
        find(By.id("email"));
        for (String[] f : new String[][] {
            {"username", username},
            {"email", email},
            {"firstName", first},
            {"lastName", last},
            {"password", password},
            {"password-confirm", password}
        }) {
            if (present(By.id(f[0]))) {
                driver.findElement(By.id(f[0])).sendKeys(f[1]);
            }
        }
        driver.findElement(By.cssSelector("#kc-register-form [type=submit]")).click();
    }

    /** The whole page, not only the window: the window grows to the page's height for the shot. */
    public byte[] screenshot() {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        Object h = ((JavascriptExecutor) driver)
                .executeScript(
                        "return Math.max(...Array.from(document.querySelectorAll('body, body *')).map(e => e.scrollHeight))");
        int height = Math.min(4000, Math.max(before.getHeight(), ((Number) h).intValue() + 300));
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), height));
        try {
            return ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** Switches the portal's language (the page reloads) and waits for the switch button to name the other one. */
    public void switchLanguage(String buttonTextAfter) {
        click(By.id("lang-switch"));
        waitForText(By.id("lang-switch"), buttonTextAfter);
    }

    public String pageSource() {
        return driver.getPageSource();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
