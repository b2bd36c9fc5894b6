using System.Security.Cryptography;
using System.Text;
using StudentCard.Core.Messaging;

namespace StudentCard.Core.Tests;

public sealed class CommandSignatureTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 10, 5, 9, 30, 0, 123, TimeSpan.Zero);
    private static readonly string Topic = MqttTopics.SiteMode("north");
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"site":"north","mode":"lockdown","override":[],"sequence":7,"issuedAt":"2026-10-05T09:30:00+00:00"}""");

    private readonly ECDsa _central = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly CommandVerifyingKey _pinned;

    public CommandSignatureTests() => _pinned = CommandVerifyingKey.FromSubjectPublicKeyInfo(_central.ExportSubjectPublicKeyInfo());

    public void Dispose()
    {
        _pinned.Dispose();
        _central.Dispose();
        _other.Dispose();
    }

    private static string IdOf(ECDsa key) => CommandSignature.KeyIdOf(key.ExportSubjectPublicKeyInfo());

    private byte[] Sealed(string topic = "", byte[]? payload = null) =>
        CommandSignature.Seal(_central, IdOf(_central), topic.Length == 0 ? Topic : topic, At, payload ?? Payload);

    [Fact]
    public void A_command_opens_with_the_pinned_key_on_its_topic_with_its_exact_payload_and_issue_time()
    {
        var refusal = _pinned.Open(Topic, Sealed(), At, out var command);

        Assert.Equal(CommandRefusal.None, refusal);
        Assert.Equal(Payload, command!.Payload);
        Assert.Equal((Topic, At, _pinned.Id), (command.Topic, command.IssuedAt, command.KeyId));
    }

    [Fact]
    public void Every_single_changed_byte_of_the_signed_content_is_refused()
    {
        var signed = Sealed();
        var envelope = MessageJson.Deserialize<SignedCommand>(signed);
        for (var i = 0; i < envelope.Payload.Length; i++)
        {
            var payload = envelope.Payload.ToArray();
            payload[i] ^= 0x01;
            Assert.Equal(CommandRefusal.BadSignature, _pinned.Open(Topic, MessageJson.Serialize(envelope with { Payload = payload }), At, out _));
        }
        for (var i = 0; i < envelope.Signature.Length; i++)
        {
            var signature = envelope.Signature.ToArray();
            signature[i] ^= 0x80;
            Assert.Equal(CommandRefusal.BadSignature, _pinned.Open(Topic, MessageJson.Serialize(envelope with { Signature = signature }), At, out _));
        }
        Assert.Equal(CommandRefusal.BadSignature, _pinned.Open(Topic, MessageJson.Serialize(envelope with { IssuedAt = At.AddMilliseconds(1) }), At, out _));
        Assert.Equal(CommandRefusal.BadSignature, _pinned.Open(MqttTopics.SiteMode("south"), MessageJson.Serialize(envelope with { Topic = MqttTopics.SiteMode("south") }), At, out _));
    }

    [Fact]
    public void A_command_signed_for_one_topic_is_refused_on_another()
    {
        Assert.Equal(CommandRefusal.WrongTopic, _pinned.Open(MqttTopics.SiteMode("south"), Sealed(), At, out var command));
        Assert.Null(command);
        Assert.Equal(CommandRefusal.WrongTopic, _pinned.Open(MqttTopics.AllowList(ReaderType.Gate), Sealed(), At, out _));
    }

    [Fact]
    public void A_command_signed_with_another_key_is_refused_whether_it_names_that_key_or_the_pinned_one()
    {
        var ownId = CommandSignature.Seal(_other, IdOf(_other), Topic, At, Payload);
        var borrowedId = CommandSignature.Seal(_other, _pinned.Id, Topic, At, Payload);

        Assert.Equal(CommandRefusal.UnknownKey, _pinned.Open(Topic, ownId, At, out _));
        Assert.Equal(CommandRefusal.BadSignature, _pinned.Open(Topic, borrowedId, At, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"site":"north","mode":"lockdown","override":[],"sequence":9223372036854775807,"issuedAt":"2026-10-05T09:30:00+00:00"}""")]
    [InlineData("""{"version":9223372036854775807}""")]
    public void An_unsigned_payload_is_refused(string payload)
    {
        Assert.Equal(CommandRefusal.Unsigned, _pinned.Open(Topic, Encoding.UTF8.GetBytes(payload), At, out var command));
        Assert.Null(command);
    }

    [Fact]
    public void A_command_dated_ahead_of_the_clock_beyond_the_skew_is_refused_and_age_alone_never_refuses()
    {
        Assert.Equal(CommandRefusal.FromTheFuture, _pinned.Open(Topic, Sealed(), At - CommandSignature.MaxClockSkew - TimeSpan.FromMilliseconds(1), out _));
        Assert.Equal(CommandRefusal.None, _pinned.Open(Topic, Sealed(), At - CommandSignature.MaxClockSkew, out _));
        Assert.Equal(CommandRefusal.None, _pinned.Open(Topic, Sealed(), At.AddDays(400), out _));
    }

    [Fact]
    public void Only_a_p256_public_key_can_be_pinned()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);

        Assert.ThrowsAny<CryptographicException>(() => CommandVerifyingKey.FromSubjectPublicKeyInfo(p384.ExportSubjectPublicKeyInfo()));
        Assert.ThrowsAny<CryptographicException>(() => CommandVerifyingKey.FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo()));
        Assert.ThrowsAny<CryptographicException>(() => CommandVerifyingKey.FromSubjectPublicKeyInfo(new byte[] { 1, 2, 3 }));
    }

    [Theory]
    [InlineData("studentcard/v1/gate/sitemodes/north", true)]
    [InlineData("studentcard/v1/bus/allowlist", true)]
    [InlineData("studentcard/v1/library/commands", true)]
    [InlineData("studentcard/v1/gate/zones/north/main/passages", true)]
    [InlineData("studentcard/v1/bus/sitemodes/north", false)]
    [InlineData("studentcard/v1/gate/readers/gate-1/acks", false)]
    [InlineData("studentcard/v1/gate/readers/gate-1/passages", false)]
    [InlineData("studentcard/v1/gate/readers/gate-1/status", false)]
    [InlineData("studentcard/v2/gate/sitemodes/north", false)]
    public void The_topics_of_commands_readers_act_on_are_the_signed_ones(string topic, bool signed)
    {
        Assert.Equal(signed, CommandSignature.IsSignedTopic(topic));
    }

    [Fact]
    public void The_signed_bytes_are_the_context_and_each_length_prefixed_part_in_one_fixed_order()
    {
        var bytes = CommandSignature.SignedBytes("k1", "t", DateTimeOffset.FromUnixTimeMilliseconds(258), [0xAB]);

        Assert.Equal("studentcard-command/1" + "|00-00-00-02-6B-31-00-00-00-01-74-00-00-00-00-00-00-01-02-00-00-00-01-AB",
            Encoding.ASCII.GetString(bytes, 0, 21) + "|" + BitConverter.ToString(bytes, 21));
    }
}
