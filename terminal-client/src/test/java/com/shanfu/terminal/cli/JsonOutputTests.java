package com.shanfu.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --json} output is one valid JSON object whatever a message holds (quotes, backslashes, line breaks). */
class JsonOutputTests {

    @Test
    void anErrorMessageWithQuotesAndBreaksStaysValidJson() throws Exception {
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("ok", false);
        failed.put("error", "host said \"96\" \\ then\nhung up");
        String line = TerminalCli.Base.json(failed);
        assertThat(line).doesNotContain("\n");
        JsonNode parsed = new ObjectMapper().readTree(line);
        assertThat(parsed.get("ok").asBoolean(true)).isFalse();
        assertThat(parsed.get("error").asText()).isEqualTo("host said \"96\" \\ then\nhung up");
    }
}
