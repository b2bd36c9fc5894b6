using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Passages;
using StudentCard.Core;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Tests.Admin;

/// <summary>Passages with a place and key version, stored through Central's real ingest as a reader would send them.</summary>
internal static class PlacedPassages
{
    public static async Task IngestAsync(this AdminSite site, ReaderType purpose, string readerId,
        params (string Pseudonym, int KeyVersion, string? Place, string Direction, string Decision, string Reason, DateTimeOffset At)[] passages)
    {
        var batch = new PassageBatch(passages.Select(p => new PassageMessage(
            Guid.CreateVersion7(p.At), readerId, purpose.Name(), p.Pseudonym, p.KeyVersion, p.At, p.Decision, p.Reason, p.Direction, p.Place)).ToList());
        var statistics = site.Central.Services.GetRequiredService<IngestStatistics>();
        var refusedBefore = statistics.Refused;
        var stored = await site.Central.Services.GetRequiredService<PassageIngest>().IngestAsync(purpose, readerId, MessageJson.Serialize(batch), CancellationToken.None);
        // Acknowledged and none refused: every passage was stored.
        Assert.Equal(passages.Length, stored.Count);
        Assert.Equal(refusedBefore, statistics.Refused);
    }
}
