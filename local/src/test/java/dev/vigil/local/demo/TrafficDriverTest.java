package dev.vigil.local.demo;

import dev.vigil.training.ChurnData;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TrafficDriverTest {
    private static TrafficDriver driverTo(String base) {
        return new TrafficDriver(HttpClient.newHttpClient(), URI.create(base), ChurnData.MODEL,
                new ChurnData(1, 100, 1, LocalDate.parse("2016-01-01")), 10, 1, 1, served -> {}, Clock.systemUTC());
    }

    @Test
    void sendsOnlyToAPredictApiOnThisMachine() {
        assertDoesNotThrow(() -> driverTo("http://127.0.0.1:8080"));
        assertDoesNotThrow(() -> driverTo("http://localhost:8080"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> driverTo("http://203.0.113.7:8080"));
        assertTrue(e.getMessage().contains("only sends to a predict API on this machine"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> new LabelFeeder(HttpClient.newHttpClient(),
                URI.create("https://example.com"), ChurnData.MODEL, 0.9, 1, Clock.systemUTC()));
    }

    @Test
    void stopsAfterItsIntervals() throws Exception {
        TrafficDriver driver = driverTo("http://127.0.0.1:9");

        TrafficDriver.Sent sent = driver.sendInterval();

        assertTrue(sent.failed() == 1 && sent.servedTotal() == 0, "nothing listens on port 9: " + sent);
        assertTrue(!driver.hasNext());
        assertThrows(IllegalStateException.class, driver::sendInterval);
    }
}
