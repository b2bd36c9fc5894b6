namespace StudentCard.FirmwareSim;

/// <summary>A card entered (Present = true) or left the reader's RF field.</summary>
public sealed record CardFieldChange(SimulatedCard Card, bool Present);
