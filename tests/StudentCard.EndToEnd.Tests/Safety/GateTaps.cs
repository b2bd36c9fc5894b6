using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Passages;
using StudentCard.Central.Stores;
using StudentCard.Demo;
using StudentCard.FirmwareSim;

namespace StudentCard.EndToEnd.Tests.Safety;

/// <summary>
/// A tap at one simulated gate board and what came of it: the passage Central stored and the LED the board lit.
/// For tap-level lockdown checks (a red LED and a "lockdown" passage during a lockdown, green with "evacuation" in one).
/// </summary>
public static class GateTaps
{
    public static async Task<(Passage Passage, bool Green, bool Red)> TapAndWaitForPassageAsync(LocalSystem system, string readerId, byte[] uid)
    {
        var rig = system.Reader(readerId);
        var before = (await PassagesAsync(system, readerId)).Select(p => p.Id).ToHashSet();
        var feedbackBefore = rig.Board.Feedback.Count;
        rig.Board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(uid)));
        var passages = await Eventually.WaitAsync(() => PassagesAsync(system, readerId), p => p.Any(x => !before.Contains(x.Id)), $"a new passage at {readerId}");
        rig.Board.Field.Remove(uid);
        // The agent commits the passage before it lights the LED, so the LED may come just after the row.
        await Eventually.WaitAsync(() => rig.Board.Feedback.Skip(feedbackBefore).Any(f => f.Green || f.Red), $"the LED at {readerId}");
        var feedback = rig.Board.Feedback.Skip(feedbackBefore).ToList();
        return (passages.Single(p => !before.Contains(p.Id)), feedback.Any(f => f.Green && !f.Red), feedback.Any(f => f.Red && !f.Green));
    }

    private static async Task<List<Passage>> PassagesAsync(LocalSystem system, string readerId)
    {
        await using var db = await system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        return await db.Passages.AsNoTracking().Where(p => p.ReaderId == readerId).ToListAsync();
    }
}
