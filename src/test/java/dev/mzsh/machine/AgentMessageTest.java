package dev.mzsh.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentMessageTest {
    @Test
    void parsesEveryReply() {
        assertThat(AgentMessage.parse("H 1 6.1.0-56-amd64 yes"))
                .contains(new AgentMessage.Hello(1, "6.1.0-56-amd64", true));
        assertThat(AgentMessage.parse("S 7 123")).contains(new AgentMessage.Started(7, 123));
        assertThat(AgentMessage.parse("R 7 137\r")).contains(new AgentMessage.Result(7, 137));
        assertThat(AgentMessage.parse("P 9")).contains(new AgentMessage.Pong(9));
        assertThat(AgentMessage.parse("B ready 4.21")).contains(new AgentMessage.Stage("ready", 4.21));
    }

    @Test
    void ignoresAnythingMalformed() {
        assertThat(AgentMessage.parse("R x 0")).isEmpty();
        assertThat(AgentMessage.parse("R 1")).isEmpty();
        assertThat(AgentMessage.parse("hello world")).isEmpty();
        assertThat(AgentMessage.parse("")).isEmpty();
        assertThat(AgentMessage.parse("B Ready 1.0")).isEmpty();
        assertThat(AgentMessage.parse("B ready NaN")).isEmpty();
        assertThat(AgentMessage.parse("B ready -1")).isEmpty();
        assertThat(AgentMessage.parse("B ready")).isEmpty();
        assertThat(AgentMessage.parse("B \u001b[2J 1.0")).isEmpty();
    }
}
