namespace StudentCard.Central.Staff;

/// <summary>A staff account request that cannot be carried out, with a message fit to show the person asking.</summary>
public sealed class StaffAccountException(string message) : Exception(message);
