using Microsoft.EntityFrameworkCore;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Keys;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Breaches;

/// <summary>
/// The pupils a breach concerns, where StudentCard can find them itself: for a compromised reader, every pupil whose
/// passage it held or could have received since a time (those it recorded, and at a gate with a zone the passages
/// Central relays to that zone's readers, see <c>ZonePassageRelay</c>); for a lost copy of some days, every pupil with
/// a passage on them. The passages' pseudonyms are matched to pupils in the vault through their cards' tokens under
/// every key version held (<see cref="StudentPseudonyms"/>), and the pupils are proposed by vault id; the DPO confirms
/// them, removing any who were not concerned, before they are attached. Passages past retention are gone and cannot
/// be traced, which the page says.
/// </summary>
public sealed class AffectedPupils(
    IDbContextFactory<CentralDbContext> stores,
    CentralKeys keys,
    BreachRegister register,
    BreachClock clock)
{
    private static readonly string Allow = PassageWords.Of(Decision.Allow);

    /// <summary>Every pupil whose passage a reader recorded, or could have received from its zone, since <paramref name="since"/>.</summary>
    public async Task<BreachProposal> FromReaderAsync(StaffStep by, long breachId, string? readerId, DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        var id = string.IsNullOrWhiteSpace(readerId) ? throw new BreachException("Name the reader that was lost, stolen or tampered with.") : readerId.Trim();
        var from = since ?? throw new BreachException("Give the time from which the reader may have been in the wrong hands.");
        if (from > clock.Now)
        {
            throw new BreachException($"The time from which the reader was compromised cannot be later than now ({clock.Show(clock.Now)}).");
        }
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var reader = await db.Readers.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new BreachException($"There is no reader \"{id}\" in the register; the Readers page lists them.");
        // A revoked reader receives nothing more, and Central stores nothing more from it.
        var until = reader.RevokedAt ?? clock.Now;
        // Its own passages, also those recorded earlier but still in its outbox then (received later).
        var traced = await db.Passages.AsNoTracking().Where(p => p.ReaderId == id && (p.OccurredAt >= from || p.ReceivedAt >= from))
            .Select(p => new TracedPassage(p.Purpose, p.Pseudonym)).ToListAsync(cancellationToken);
        var source = $"passages recorded by reader {id}";
        if (reader.Type == ReaderType.Gate && ReaderPlace.Parse(ReaderType.Gate, reader.Place) is { Site: not null, Zone: not null })
        {
            // What the zone relay sent to this reader: the zone's passages let through in or out, relayed when stored.
            var place = reader.Place;
            traced.AddRange(await db.Passages.AsNoTracking()
                .Where(p => p.Purpose == ReaderType.Gate && p.Place == place && p.ReaderId != id
                    && p.Decision == Allow && (p.Direction == "in" || p.Direction == "out") && p.ReceivedAt >= from && p.ReceivedAt <= until)
                .Select(p => new TracedPassage(p.Purpose, p.Pseudonym)).ToListAsync(cancellationToken));
            source += $" or relayed to it from zone {place}";
        }
        return await ProposeAsync(by, breachId, traced, $"{source} since {clock.Show(from)}", cancellationToken);
    }

    /// <summary>Every pupil with a passage of any purpose on the local days from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public async Task<BreachProposal> FromDaysAsync(StaffStep by, long breachId, DateOnly? first, DateOnly? last, CancellationToken cancellationToken = default)
    {
        var from = first ?? throw new BreachException("Give the first day the lost copy holds.");
        var to = last ?? from;
        if (to < from)
        {
            throw new BreachException($"The last day ({to:yyyy-MM-dd}) is before the first ({from:yyyy-MM-dd}).");
        }
        var (start, end) = (clock.StartOf(from), clock.StartOf(to.AddDays(1)));
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var traced = await db.Passages.AsNoTracking().Where(p => p.OccurredAt >= start && p.OccurredAt < end)
            .Select(p => new TracedPassage(p.Purpose, p.Pseudonym)).ToListAsync(cancellationToken);
        var days = from == to ? $"{from:yyyy-MM-dd}" : $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd}";
        return await ProposeAsync(by, breachId, traced, $"passages of {days} ({clock.Zone.Id})", cancellationToken);
    }

    /// <summary>Attaches the proposed pupils but those removed (by vault id), who are taken off the proposal.</summary>
    public async Task<(int Confirmed, int Removed)> ConfirmAsync(StaffStep by, long breachId, IReadOnlyCollection<long>? remove, CancellationToken cancellationToken = default)
    {
        var removing = (remove ?? []).ToHashSet();
        var counts = (Confirmed: 0, Removed: 0);
        await register.ChangeAsync(by, breachId, BreachActions.PupilsConfirmed, async (vault, breach, ct) =>
        {
            var proposed = await vault.BreachPupils.Where(p => p.BreachId == breachId && !p.Confirmed).ToListAsync(ct);
            if (proposed.Count == 0)
            {
                throw new BreachException($"Breach {breachId} has no proposed pupils to confirm; propose them from a reader or from days first.");
            }
            if (removing.Except(proposed.Select(p => p.StudentId)).ToList() is [var stranger, ..])
            {
                throw new BreachException($"Only proposed pupils can be taken off the proposal; vault student {stranger} is not proposed for breach {breachId}.");
            }
            var removed = proposed.Where(p => removing.Contains(p.StudentId)).ToList();
            vault.BreachPupils.RemoveRange(removed);
            foreach (var pupil in proposed.Except(removed))
            {
                pupil.Confirmed = true;
            }
            counts = (proposed.Count - removed.Count, removed.Count);
            var source = breach.ProposalSource;
            breach.ProposalSource = null;
            return $"confirmed {counts.Confirmed} proposed pupils ({source})"
                + (removed.Count > 0 ? $"; taken off the proposal: vault students {string.Join(", ", removed.Select(p => p.StudentId))}" : "");
        }, cancellationToken);
        return counts;
    }

    /// <summary>Detaches a confirmed pupil found not to be concerned, with the reason.</summary>
    public Task<Breach> RemoveAsync(StaffStep by, long breachId, long? studentId, string? reason, CancellationToken cancellationToken = default) =>
        register.ChangeAsync(by, breachId, BreachActions.PupilRemoved, async (vault, breach, ct) =>
        {
            var id = studentId ?? throw new BreachException("Choose the pupil to remove.");
            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new BreachException("Removing a pupil from a breach needs the reason they were not concerned.");
            }
            var link = await vault.BreachPupils.SingleOrDefaultAsync(p => p.BreachId == breachId && p.StudentId == id && p.Confirmed, ct)
                ?? throw new BreachException($"Vault student {id} is not attached to breach {breachId}.");
            vault.BreachPupils.Remove(link);
            return $"removed vault student {id}: {reason.Trim()}";
        }, cancellationToken);

    /// <summary>
    /// Replaces the breach's pending proposal with the pupils behind <paramref name="traced"/>; pupils already attached stay
    /// as they are. The look from pseudonyms to pupils is itself on the audit chain, with what it was made from.
    /// </summary>
    private async Task<BreachProposal> ProposeAsync(StaffStep by, long breachId, IReadOnlyList<TracedPassage> traced, string source, CancellationToken cancellationToken)
    {
        var wanted = traced.Select(p => (p.Purpose, p.Pseudonym)).ToHashSet();
        var proposal = new BreachProposal(breachId, 0, traced.Count, 0, source);
        await register.ChangeAsync(by, breachId, BreachActions.Proposed, async (vault, breach, ct) =>
        {
            var found = new HashSet<long>();
            var matched = new HashSet<(ReaderType, string)>();
            var ring = keys.Ring;
            // Revoked and lost cards too: a passage may predate the card's revocation.
            await foreach (var card in vault.Cards.AsNoTracking().Select(c => new { c.StudentId, c.CardToken }).AsAsyncEnumerable().WithCancellation(ct))
            {
                foreach (var pseudonym in StudentPseudonyms.Of([card.CardToken], ring))
                {
                    if (wanted.Contains((pseudonym.Purpose, pseudonym.Value)))
                    {
                        found.Add(card.StudentId);
                        matched.Add((pseudonym.Purpose, pseudonym.Value));
                    }
                }
            }
            var links = await vault.BreachPupils.Where(p => p.BreachId == breachId).ToListAsync(ct);
            vault.BreachPupils.RemoveRange(links.Where(l => !l.Confirmed));
            var attached = links.Where(l => l.Confirmed).Select(l => l.StudentId).ToHashSet();
            var now = clock.Now;
            var fresh = found.Where(id => !attached.Contains(id)).Order().ToList();
            vault.BreachPupils.AddRange(fresh.Select(id => new BreachPupil { BreachId = breachId, StudentId = id, AddedAt = now }));
            breach.ProposalSource = fresh.Count > 0 ? source : null;
            proposal = proposal with { Pupils = fresh.Count, Unmatched = wanted.Count - matched.Count };
            return $"proposed {fresh.Count} pupils ({found.Count - fresh.Count} already attached) from {traced.Count} {source}; "
                + $"{proposal.Unmatched} pseudonyms matched no pupil in the vault";
        }, cancellationToken);
        return proposal;
    }

    private sealed record TracedPassage(ReaderType Purpose, string Pseudonym);
}
