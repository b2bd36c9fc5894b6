namespace StudentCard.Central.Vault;

/// <summary>A guardian as the roster names them (OneRoster role guardian, parent or relative); contact details are never kept.</summary>
public sealed class Guardian
{
    public long Id { get; set; }

    public required string SourcedId { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyName { get; set; }
}
