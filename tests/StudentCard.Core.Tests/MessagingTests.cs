using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;

namespace StudentCard.Core.Tests;

public class MessagingTests
{
    [Fact]
    public void Reader_topics_round_trip()
    {
        var topic = MqttTopics.Passages(ReaderType.Bus, "bus-12");
        Assert.Equal("studentcard/v1/bus/readers/bus-12/passages", topic);
        Assert.True(MqttTopics.TryParseReaderTopic(topic, out var type, out var id, out var kind));
        Assert.Equal((ReaderType.Bus, "bus-12", "passages"), (type, id, kind));
    }

    [Theory]
    [InlineData("studentcard/v1/canteen/readers/x/passages")]
    [InlineData("studentcard/v2/bus/readers/x/passages")]
    [InlineData("studentcard/v1/bus/readers/X Y/passages")]
    [InlineData("studentcard/v1/bus/readers/x")]
    [InlineData("studentcard/v1/bus/drivers/x/passages")]
    public void Foreign_topics_do_not_parse(string topic)
    {
        Assert.False(MqttTopics.TryParseReaderTopic(topic, out _, out _, out _));
    }

    [Fact]
    public void A_passage_batch_round_trips_as_camel_case_json()
    {
        var passage = new PassageMessage(Guid.NewGuid(), "gate-1", "gate", new string('b', 32), 1, DateTimeOffset.UnixEpoch, "allow", "none", "in");
        var bytes = MessageJson.Serialize(new PassageBatch([passage]));

        Assert.Contains("\"readerId\":\"gate-1\"", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(passage, MessageJson.Deserialize<PassageBatch>(bytes).Passages.Single());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"passages\":\"no\"}")]
    public void A_malformed_payload_gives_a_clear_error(string payload)
    {
        Assert.Throws<MalformedMessageException>(() => MessageJson.Deserialize<PassageBatch>(System.Text.Encoding.UTF8.GetBytes(payload)));
    }

    [Theory]
    [InlineData(Rules.ReasonCode.None, "none")]
    [InlineData(Rules.ReasonCode.UnknownCard, "unknown_card")]
    [InlineData(Rules.ReasonCode.NotYetValid, "not_yet_valid")]
    [InlineData(Rules.ReasonCode.Expired, "expired")]
    [InlineData(Rules.ReasonCode.Revoked, "revoked")]
    public void Reasons_have_one_spelling_on_the_wire(Rules.ReasonCode reason, string word)
    {
        Assert.Equal(word, PassageWords.Of(reason));
    }

    [Fact]
    public void Decisions_have_one_spelling_on_the_wire()
    {
        Assert.Equal(("allow", "deny"), (PassageWords.Of(Rules.Decision.Allow), PassageWords.Of(Rules.Decision.Deny)));
    }

    [Theory]
    [InlineData("allow", "none", "in", true)]
    [InlineData("DENY", "Unknown_Card", "None", true)]
    [InlineData("deny", "not_eligible_for_route", "out", true)]
    [InlineData("ok", "none", "in", false)]
    [InlineData("allow", "none\0", "in", false)]
    [InlineData("allow", "none", "in\u202e", false)]
    [InlineData(null, "none", "in", false)]
    [InlineData("allow", "none", "", false)]
    public void Passage_words_come_from_their_vocabularies(string? decision, string? reason, string? direction, bool words)
    {
        Assert.Equal(words, PassageWords.AreWords(decision, reason, direction));
    }

    [Theory]
    [InlineData("gate-1", true)]
    [InlineData("a", true)]
    [InlineData("Gate-1", false)]
    [InlineData("-gate", false)]
    [InlineData("gate/1", false)]
    [InlineData("gate+", false)]
    [InlineData("", false)]
    [InlineData("gate-1\n", false)]
    [InlineData("gate-1\r\n", false)]
    [InlineData("\ngate-1", false)]
    [InlineData(null, false)]
    public void Reader_site_and_zone_names_are_safe_topic_levels(string? id, bool valid)
    {
        Assert.Equal(valid, Identifier.IsValid(id));
    }
}
