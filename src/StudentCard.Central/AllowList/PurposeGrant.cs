using StudentCard.Central.Vault;

namespace StudentCard.Central.AllowList;

/// <summary>
/// A student's right to one purpose from ValidFrom (inclusive) to ValidUntil (exclusive), and where and when it holds:
/// gate sites or site/zone pairs, or bus routes (null: everywhere the purpose reaches), and a gate schedule's name.
/// </summary>
public sealed record PurposeGrant(ReaderType Purpose, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, string? Places = null, string? Schedule = null)
{
    /// <summary>The grant a vault right stands for, so every entitlement derived from it (re-issue, rotation, restore) is the same.</summary>
    public static PurposeGrant Of(StudentPurpose right) => new(right.Purpose, right.ValidFrom, right.ValidUntil, right.Places, right.Schedule);
}
