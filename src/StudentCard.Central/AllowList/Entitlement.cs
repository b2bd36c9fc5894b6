using StudentCard.Core.Identifiers;
using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>One purpose pseudonym a reader type knows: validity window, card status, where and on which schedule it may pass.</summary>
public sealed class Entitlement
{
    public long Id { get; set; }

    public ReaderType Purpose { get; set; }

    public required string Pseudonym { get; set; }

    public int KeyVersion { get; set; }

    public DateTimeOffset ValidFrom { get; set; }

    public DateTimeOffset ValidUntil { get; set; }

    /// <summary>Lost cards stay listed so their use is denied as lost and flagged.</summary>
    public CardStatus Status { get; set; }

    /// <summary>Space-separated gate sites or site/zone pairs, or bus routes; null = everywhere the purpose reaches.</summary>
    public string? Places { get; set; }

    /// <summary>The gate schedule's name (AccessPolicy); null = at any time.</summary>
    public string? Schedule { get; set; }

    public AllowListEntry ToEntry() => new(Pseudonym, ValidFrom, ValidUntil, Status, Places, Schedule);

    /// <summary>What a vault grant lists for one card's pseudonym under one key version: the grant's validity, places and schedule.</summary>
    public static Entitlement For(PurposePseudonym pseudonym, PurposeGrant grant, CardStatus status = CardStatus.Active) => new()
    {
        Purpose = grant.Purpose,
        Pseudonym = pseudonym.Value,
        KeyVersion = pseudonym.KeyVersion,
        ValidFrom = grant.ValidFrom,
        ValidUntil = grant.ValidUntil,
        Status = status,
        Places = grant.Places,
        Schedule = grant.Schedule,
    };
}
