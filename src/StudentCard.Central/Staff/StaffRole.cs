namespace StudentCard.Central.Staff;

/// <summary>What a staff account may do; each role sees one purpose's data or one kind of work, never everything.</summary>
public enum StaffRole
{
    /// <summary>Gate data of their own school.</summary>
    SchoolAdmin,

    /// <summary>Bus data.</summary>
    TransportAdmin,

    /// <summary>Library data.</summary>
    Librarian,

    /// <summary>Data-subject requests, the audit log and re-identification.</summary>
    Dpo,

    /// <summary>Readers and keys.</summary>
    Operator,
}
