using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Link;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Tests.Reader;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.Outbox;

/// <summary>
/// The outbox's side of the link: the drain sends through <see cref="ILinkPublisher"/> once a connection is open, and
/// everything unconfirmed again on each new one; Central's confirmations, received as an <see cref="ILinkSubscriber"/>,
/// are what empties the outbox.
/// </summary>
public sealed class OutboxDrainTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 7, 45, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-drain-").FullName;
    private readonly LinkState _state = new();
    private readonly RecordingPublisher _link = new();
    private readonly OutboxSignal _signal = new();
    private readonly IOptions<EdgeOptions> _options = Options.Create(new EdgeOptions
    {
        ReaderId = "gate-7", ReaderType = "gate", ReaderSecret = "s", DrainBatchSize = 2, ResendAfterSeconds = 600,
    });
    private readonly CentralCommandKey _central = new();
    private readonly CentralCommandKey _intruder = new();
    private readonly PassageMessage[] _passages = [.. Enumerable.Range(0, 3).Select(Passage)];
    private PassageOutbox _outbox = null!;
    private OutboxAlarm _alarm = null!;
    private OutboxDrain _drain = null!;
    private CommandVerifier _verifier = null!;

    public async Task InitializeAsync()
    {
        _options.Value.DataDirectory = _directory;
        _verifier = _central.PinnedVerifier(_options.Value, TimeProvider.System);
        _outbox = new PassageOutbox(Path.Combine(_directory, "outbox.db"));
        _alarm = new OutboxAlarm(_state, _options, TimeProvider.System, NullLogger<OutboxAlarm>.Instance);
        _drain = new OutboxDrain(_outbox, _signal, _alarm, _state, _link, _options, TimeProvider.System, NullLogger<OutboxDrain>.Instance);
        foreach (var passage in _passages)
        {
            _outbox.Add(passage);
        }
        await _drain.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _drain.StopAsync(CancellationToken.None);
        _drain.Dispose();
        _outbox.Dispose();
        _central.Dispose();
        _intruder.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static PassageMessage Passage(int n) =>
        new(Guid.CreateVersion7(T0.AddSeconds(n)), "gate-7", "gate", n.ToString("x32"), 1, T0.AddSeconds(n), "allow", "none", "in");

    [Fact]
    public async Task An_open_connection_gets_the_outbox_oldest_first_in_batches_on_the_readers_passages_topic()
    {
        _state.MarkConnected(T0);

        await Eventually.Until(() => _link.Sent.Count == 3, "the three passages to be published");
        Assert.All(_link.Topics, t => Assert.Equal(MqttTopics.Passages(ReaderType.Gate, "gate-7"), t));
        Assert.Equal([2, 1], _link.Batches.Select(b => b.Count));
        Assert.Equal(_passages.Select(p => p.Id), _link.Sent);
        Assert.Equal(3, _outbox.Count);
    }

    [Fact]
    public async Task A_new_connection_sends_every_unconfirmed_passage_again()
    {
        _state.MarkConnected(T0);
        await Eventually.Until(() => _link.Sent.Count == 3, "the first sending");

        _state.MarkDisconnected();
        _state.MarkConnected(T0);

        await Eventually.Until(() => _link.Sent.Count == 6, "every unconfirmed passage sent again");
        Assert.Equal(_link.Sent.Take(3), _link.Sent.Skip(3));
    }

    [Fact]
    public async Task Central_confirmations_empty_the_outbox_and_are_counted_on_the_link_state()
    {
        var confirmations = Confirmations();
        _state.MarkConnected(T0);
        await Eventually.Until(() => _link.Sent.Count == 3, "the passages to be published");

        var topic = Assert.Single(confirmations.TopicFilters);
        confirmations.Receive(topic, _central.Sign(topic, MessageJson.Serialize(new PassageAck([.. _link.Sent.Take(2)])), T0));

        Assert.Equal(MqttTopics.Acks(ReaderType.Gate, "gate-7"), topic);
        Assert.Equal(1, _outbox.Count);
        Assert.Equal(2, _state.ConfirmedPassages);
    }

    [Fact]
    public void A_malformed_confirmation_is_ignored()
    {
        var confirmations = Confirmations();

        var topic = confirmations.TopicFilters[0];
        confirmations.Receive(topic, _central.Sign(topic, Encoding.UTF8.GetBytes("{not json"), T0));

        Assert.Equal(3, _outbox.Count);
        Assert.Equal(0, _state.ConfirmedPassages);
    }

    [Fact]
    public async Task A_confirmation_unsigned_signed_by_another_key_or_for_another_reader_forgets_nothing()
    {
        // With the broker's service password, anyone could tell the agent to drop passages Central never stored.
        var confirmations = Confirmations();
        _state.MarkConnected(T0);
        await Eventually.Until(() => _link.Sent.Count == 3, "the passages to be published");
        var topic = confirmations.TopicFilters[0];
        var ack = MessageJson.Serialize(new PassageAck([.. _link.Sent]));

        confirmations.Receive(topic, ack);
        confirmations.Receive(topic, _intruder.Sign(topic, ack, T0));
        confirmations.Receive(topic, _central.Sign(MqttTopics.Acks(ReaderType.Gate, "gate-8"), ack, T0));

        Assert.Equal(3, _outbox.Count);
        Assert.Equal(0, _state.ConfirmedPassages);
        Assert.Equal(3, _verifier.Refused);
    }

    private PassageConfirmations Confirmations() =>
        new(_outbox, _signal, _alarm, _state, _verifier, _options, NullLogger<PassageConfirmations>.Instance);

    private sealed class RecordingPublisher : ILinkPublisher
    {
        private readonly ConcurrentQueue<(string Topic, IReadOnlyList<Guid> Ids)> _published = new();

        public IReadOnlyList<string> Topics => _published.Select(p => p.Topic).ToList();

        public IReadOnlyList<IReadOnlyList<Guid>> Batches => _published.Select(p => p.Ids).ToList();

        public IReadOnlyList<Guid> Sent => _published.SelectMany(p => p.Ids).ToList();

        public Task PublishAsync(string topic, byte[] payload, CancellationToken ct)
        {
            _published.Enqueue((topic, MessageJson.Deserialize<PassageBatch>(payload).Passages.Select(p => p.Id).ToList()));
            return Task.CompletedTask;
        }
    }
}
