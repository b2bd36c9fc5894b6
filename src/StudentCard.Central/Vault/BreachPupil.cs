namespace StudentCard.Central.Vault;

/// <summary>
/// A pupil concerned by a breach, by vault id: proposed by StudentCard from the passages it can trace, then confirmed
/// by the DPO (or removed before they are attached). Erasing the pupil removes the link; the breach's counts remain.
/// </summary>
public sealed class BreachPupil
{
    public long BreachId { get; set; }

    public long StudentId { get; set; }

    public bool Confirmed { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}
