using System.Buffers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using StudentCard.Central.Passages;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Messaging;

public sealed class PassageIngestTests : IAsyncLifetime
{
    private TestCentral _central = null!;

    public async Task InitializeAsync() => _central = await TestCentral.StartAsync();

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task A_batch_published_five_times_is_stored_once_and_acknowledged_each_time_after_commit()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", ReaderType.Gate);
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);
        Assert.Equal(MQTTnet.MqttClientSubscribeResultCode.GrantedQoS1, await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Gate, id)));
        var batch = Batch(id, ReaderType.Gate, 3);

        for (var i = 0; i < 5; i++)
        {
            var published = await reader.PublishAsync(MqttTopics.Passages(ReaderType.Gate, id), MessageJson.Serialize(batch));
            Assert.True(published.IsSuccess);
            var ack = SignedCommands.Open<PassageAck>(_central.Services, await reader.NextAsync(MqttTopics.Acks(ReaderType.Gate, id)));
            Assert.Equal(batch.Passages.Select(p => p.Id).Order(), ack.Ids.Order());
            // The ack comes after the commit: the rows are there when it arrives.
            Assert.Equal(3, await CountPassagesAsync());
        }

        await using var db = _central.CentralDb();
        var stored = await db.Passages.OrderBy(p => p.OccurredAt).ToListAsync();
        Assert.Equal(batch.Passages.Select(p => p.Id), stored.Select(p => p.Id));
        Assert.All(stored, p => Assert.Equal((id, ReaderType.Gate), (p.ReaderId, p.Purpose)));
        Assert.Equal(batch.Passages[0].Pseudonym, stored[0].Pseudonym);
        Assert.Equal(batch.Passages[0].OccurredAt, stored[0].OccurredAt);
    }

    [Fact]
    public async Task A_malformed_payload_stores_nothing_and_central_keeps_ingesting()
    {
        var (id, secret) = await _central.RegisterAsync("bus-1", ReaderType.Bus);
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);
        await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Bus, id));
        var topic = MqttTopics.Passages(ReaderType.Bus, id);

        Assert.True((await reader.PublishAsync(topic, "{not json"u8.ToArray())).IsSuccess);
        Assert.True((await reader.PublishAsync(topic, "{}"u8.ToArray())).IsSuccess);
        Assert.True((await reader.PublishAsync(topic, MessageJson.Serialize(Batch(id, ReaderType.Bus, 1) with { Passages = [Batch(id, ReaderType.Bus, 1).Passages[0] with { Pseudonym = "04A1B2C3D4E5F6" }] }))).IsSuccess);
        var valid = Batch(id, ReaderType.Bus, 2);
        Assert.True((await reader.PublishAsync(topic, MessageJson.Serialize(valid))).IsSuccess);

        // Messages are handled in order, so once the valid batch is acknowledged the bad ones were handled too.
        var ack = SignedCommands.Open<PassageAck>(_central.Services, await reader.NextAsync(MqttTopics.Acks(ReaderType.Bus, id)));
        Assert.Equal(valid.Passages.Select(p => p.Id).Order(), ack.Ids.Order());
        Assert.Equal(2, await CountPassagesAsync());
    }

    [Fact]
    public async Task Passages_naming_another_reader_or_purpose_than_the_topic_are_not_stored()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", ReaderType.Gate);
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);
        await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Gate, id));
        var good = Batch(id, ReaderType.Gate, 1).Passages[0];
        var mixed = new PassageBatch([good, good with { Id = Guid.NewGuid(), ReaderId = "gate-2" }, good with { Id = Guid.NewGuid(), Purpose = "bus" }]);

        await reader.PublishAsync(MqttTopics.Passages(ReaderType.Gate, id), MessageJson.Serialize(mixed));

        var ack = SignedCommands.Open<PassageAck>(_central.Services, await reader.NextAsync(MqttTopics.Acks(ReaderType.Gate, id)));
        Assert.Equal([good.Id], ack.Ids);
        Assert.Equal(1, await CountPassagesAsync());
    }

    [Fact]
    public async Task Forged_places_far_times_and_control_characters_are_refused_but_acknowledged_and_the_rest_of_the_batch_is_stored_exactly()
    {
        const string id = "gate-n1";
        var secret = await _central.Readers.RegisterAsync(id, ReaderType.Gate, "north/main");
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);
        await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Gate, id));
        var now = DateTimeOffset.UtcNow;
        PassageMessage Passage(DateTimeOffset at, string? place = "north/main", string reason = "none", string direction = "in") =>
            new(Guid.NewGuid(), id, "gate", Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), 1, at, "allow", reason, direction, place);
        // A passage naming no place is stored under the registered one; a long offline shift (twenty days) is still accepted.
        var good = new[] { Passage(now.AddMinutes(-1)), Passage(now.AddDays(-20)), Passage(now.AddMinutes(-2), place: null), Passage(now.AddSeconds(30)) };
        var forged = new[]
        {
            Passage(now, place: "west/main"),
            Passage(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)),
            Passage(new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Passage(now.AddHours(2)),
            Passage(now.AddDays(-60)),
            Passage(now, reason: "none\0"),
            Passage(now, direction: "in\u202E"),
            Passage(now, place: "north/main\u200F"),
        };
        var batch = new PassageBatch(good.Zip(forged.Take(good.Length)).SelectMany(pair => new[] { pair.First, pair.Second }).Concat(forged.Skip(good.Length)).ToList());
        var refusedBefore = _central.Services.GetRequiredService<IngestStatistics>().Refused;

        await reader.PublishAsync(MqttTopics.Passages(ReaderType.Gate, id), MessageJson.Serialize(batch));

        // Every passage is acknowledged, so the reader forgets the refused ones too instead of sending them for ever.
        var ack = SignedCommands.Open<PassageAck>(_central.Services, await reader.NextAsync(MqttTopics.Acks(ReaderType.Gate, id)));
        Assert.Equal(batch.Passages.Select(p => p.Id).Order(), ack.Ids.Order());
        await using var db = _central.CentralDb();
        var stored = await db.Passages.OrderBy(p => p.OccurredAt).ToListAsync();
        Assert.Equal(good.OrderBy(p => p.OccurredAt).Select(p => (p.Id, p.Pseudonym, p.OccurredAt, p.Decision, p.Reason, p.Direction, "north/main")),
            stored.Select(p => (p.Id, p.Pseudonym, p.OccurredAt, p.Decision, p.Reason, p.Direction, p.Place!)));
        Assert.Equal(forged.Length, _central.Services.GetRequiredService<IngestStatistics>().Refused - refusedBefore);
    }

    [Fact]
    public async Task A_bus_names_its_current_route_and_a_route_that_is_no_route_name_is_refused()
    {
        const string id = "bus-7";
        var secret = await _central.Readers.RegisterAsync(id, ReaderType.Bus, "r1");
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);
        await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Bus, id));
        var passages = Batch(id, ReaderType.Bus, 4).Passages;
        var batch = new PassageBatch([passages[0] with { Place = "r1" }, passages[1] with { Place = "r2" }, passages[2] with { Place = "r2/x" }, passages[3] with { Place = "R2\u0000" }]);

        await reader.PublishAsync(MqttTopics.Passages(ReaderType.Bus, id), MessageJson.Serialize(batch));

        var ack = SignedCommands.Open<PassageAck>(_central.Services, await reader.NextAsync(MqttTopics.Acks(ReaderType.Bus, id)));
        Assert.Equal(batch.Passages.Select(p => p.Id).Order(), ack.Ids.Order());
        await using var db = _central.CentralDb();
        var stored = await db.Passages.OrderBy(p => p.OccurredAt).ToListAsync();
        Assert.Equal([(passages[0].Id, "r1"), (passages[1].Id, "r2")], stored.Select(p => (p.Id, p.Place)));
    }

    [Fact]
    public async Task A_reader_status_updates_its_registration()
    {
        var (id, secret) = await _central.RegisterAsync("library-1", ReaderType.Library);
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);
        await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Library, id));

        await reader.PublishAsync(MqttTopics.Status(ReaderType.Library, id),
            MessageJson.Serialize(new ReaderStatusMessage(id, "online", DateTimeOffset.UtcNow, 12, 4)));
        // A last will's -1 means unknown and keeps the known backlog and version.
        await reader.PublishAsync(MqttTopics.Status(ReaderType.Library, id),
            MessageJson.Serialize(new ReaderStatusMessage(id, "offline", DateTimeOffset.UtcNow, -1, -1)));
        await reader.PublishAsync(MqttTopics.Passages(ReaderType.Library, id), MessageJson.Serialize(Batch(id, ReaderType.Library, 1)));
        await reader.NextAsync(MqttTopics.Acks(ReaderType.Library, id));

        await using var db = _central.CentralDb();
        var registration = await db.Readers.SingleAsync(r => r.Id == id);
        Assert.False(registration.Online);
        Assert.Equal(12, registration.OutboxBacklog);
        Assert.Equal(4, registration.AllowListVersion);
        Assert.NotNull(registration.LastSeenAt);
    }

    [Fact]
    public async Task An_enrollment_announces_the_new_allow_list_version_retained_to_that_purpose()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", ReaderType.Gate);
        var students = Core.Synthetic.SyntheticRoster.Generate(2);
        await _central.Services.EnrollAsync([students[0]], Roster.Valid(ReaderType.Gate));
        await _central.Services.EnrollAsync([students[1]], Roster.Valid(ReaderType.Gate));

        // Subscribing after the fact still gets the latest notice: it is retained.
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);
        await reader.SubscribeAsync(MqttTopics.AllowList(ReaderType.Gate));
        var notice = await reader.NextAsync(MqttTopics.AllowList(ReaderType.Gate));

        Assert.True(notice.Retain);
        Assert.Equal(new AllowListNotice(2), SignedCommands.Open<AllowListNotice>(_central.Services, notice));
    }

    private async Task<int> CountPassagesAsync()
    {
        await using var db = _central.CentralDb();
        return await db.Passages.CountAsync();
    }

    private static PassageBatch Batch(string readerId, ReaderType type, int count)
    {
        // Within the window Central accepts: an hour before its clock.
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        return new PassageBatch(Enumerable.Range(0, count).Select(i => new PassageMessage(
            Guid.NewGuid(), readerId, type.Name(), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), 1,
            start.AddSeconds(i), "Allow", "None", "In")).ToList());
    }
}
