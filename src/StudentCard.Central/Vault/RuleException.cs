namespace StudentCard.Central.Vault;

/// <summary>One pupil named by a rule: a member of a list of pupils, or an exception to its population.</summary>
public sealed class RuleException
{
    public long RuleId { get; set; }

    public long StudentId { get; set; }

    public RuleExceptionKind Kind { get; set; }
}

/// <summary>How a rule names a pupil.</summary>
public enum RuleExceptionKind
{
    /// <summary>On the rule's list (a Pupils rule).</summary>
    Member,

    /// <summary>Covered although outside the rule's population.</summary>
    Add,

    /// <summary>Not covered although inside the rule's population.</summary>
    Withhold,
}
