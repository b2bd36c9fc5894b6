using StudentCard.Central.Staff;

namespace StudentCard.Central.Calendar;

/// <summary>Who changes the calendar: the signed-in account's name, role and school, as the per-school checks need them.</summary>
public sealed record CalendarActor(string User, StaffRole? Role, string? School)
{
    public bool IsOperator => Role == StaffRole.Operator;

    /// <summary>A school admin acting for the school <paramref name="school"/> names (never for none).</summary>
    public bool AdministersSchool(string? school) =>
        Role == StaffRole.SchoolAdmin && school is not null && string.Equals(School, school, StringComparison.Ordinal);
}
