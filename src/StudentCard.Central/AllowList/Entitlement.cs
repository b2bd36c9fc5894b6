namespace StudentCard.Central.AllowList;

/// <summary>One purpose pseudonym a reader type lets through, with its validity window.</summary>
public sealed class Entitlement
{
    public long Id { get; set; }

    public ReaderType Purpose { get; set; }

    public required string Pseudonym { get; set; }

    public int KeyVersion { get; set; }

    public DateTimeOffset ValidFrom { get; set; }

    public DateTimeOffset ValidUntil { get; set; }
}
