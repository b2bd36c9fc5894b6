using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Logging;
using StudentCard.Core.Synthetic;

namespace StudentCard.Core.Tests.Logging;

/// <summary>Real Serilog with the redaction into an in-memory sink: whatever way an identifying object is logged, only pseudonyms survive.</summary>
public sealed class RedactionTests
{
    private static readonly SyntheticStudent Pupil = SyntheticRoster.Generate(1, seed: 7)[0];
    private static readonly KeyRing Keys = KeyRing.Generate();

    private sealed class MemorySink : ILogEventSink
    {
        public List<string> Rendered { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            var json = new StringWriter();
            new JsonFormatter(renderMessage: true).Format(logEvent, json);
            Rendered.Add(logEvent.RenderMessage() + "\n" + json);
        }
    }

    private sealed record Parcel(string Pseudonym, byte[] Uid, CardToken Token) : IRedactedInLogs;

    private sealed record Carrier(string Pseudonym, byte[] Uid, CardToken Token, IReadOnlyList<byte[]> More);

    private static (Logger Logger, MemorySink Sink) NewLogger()
    {
        var sink = new MemorySink();
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WithStudentCardRedaction().WriteTo.Sink(sink).CreateLogger();
        return (logger, sink);
    }

    private static IEnumerable<string> Secrets(CardToken token)
    {
        yield return Convert.ToHexString(Pupil.CardUid);
        yield return Convert.ToHexStringLower(Pupil.CardUid);
        yield return Convert.ToBase64String(Pupil.CardUid);
        yield return string.Join(", ", Pupil.CardUid);
        yield return token.Value;
        yield return Pupil.GivenName;
        yield return Pupil.FamilyName;
        yield return Pupil.StudentNumber;
        yield return Pupil.GuardianName;
    }

    [Fact]
    public void Uids_tokens_keys_people_and_byte_arrays_never_reach_a_sink_but_pseudonyms_do()
    {
        var (logger, sink) = NewLogger();
        var uid = new CardUid(Pupil.CardUid);
        var token = PseudonymDeriver.CardToken(uid, Keys.Site);
        var pseudonym = PseudonymDeriver.Pseudonym(token, ReaderType.Gate, Keys.Current(ReaderType.Gate));

        logger.Information("uid {Uid} {@UidD}", uid, uid);
        logger.Information("token {Token} {@TokenD}", token, token);
        logger.Information("raw {Raw} {@RawD}", Pupil.CardUid, Pupil.CardUid);
        logger.Information("memory {Memory}", new ReadOnlyMemory<byte>(Pupil.CardUid));
        logger.Information("key {Key} {@KeyD} ring {Ring} {@RingD}", Keys.Site, Keys.Site, Keys, Keys);
        // Without "@" Serilog stores ToString() at capture time, so only types with a redacted ToString may be logged that way;
        // SyntheticStudent (a test-data record) is logged destructured only.
        logger.Information("student {@StudentD} {@Students}", Pupil, new[] { Pupil });
        logger.Information("marked {Parcel} {@ParcelD}", new Parcel(pseudonym.Value, Pupil.CardUid, token), new Parcel(pseudonym.Value, Pupil.CardUid, token));
        logger.Information("nested {@Carrier}", new Carrier(pseudonym.Value, Pupil.CardUid, token, [Pupil.CardUid]));
        logger.Information("list {@List} map {@Map}", new object[] { token, Pupil.CardUid }, new Dictionary<string, object> { ["t"] = token, ["u"] = Pupil.CardUid });
        logger.ForContext("Ambient", Pupil.CardUid).ForContext("AmbientToken", token, destructureObjects: true).Information("pseudonym {Pseudonym}", pseudonym);

        var all = string.Join("\n", sink.Rendered);
        Assert.Equal(10, sink.Rendered.Count);
        foreach (var secret in Secrets(token))
        {
            Assert.DoesNotContain(secret, all, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(pseudonym.Value, all);
        Assert.Contains(Redaction.Placeholder, all);
    }

    [Fact]
    public void Key_material_never_reaches_a_sink()
    {
        var (logger, sink) = NewLogger();
        var material = System.Text.Json.Nodes.JsonNode.Parse(KeyFileFormat.Serialize(Keys))!["site"]!["key"]!.GetValue<string>();

        logger.Information("{A} {@B} {C}", Keys.Site, Keys, new[] { Keys.Site });

        Assert.DoesNotContain(material, string.Join("\n", sink.Rendered));
    }

    [Fact]
    public void Events_without_sensitive_values_pass_unchanged()
    {
        var (logger, sink) = NewLogger();

        logger.Information("Tap at {ReaderId}: {Decision} version {Version}", "gate-1", "allow", 3);

        Assert.Equal("Tap at \"gate-1\": \"allow\" version 3", sink.Rendered.Single().Split('\n')[0]);
    }
}
