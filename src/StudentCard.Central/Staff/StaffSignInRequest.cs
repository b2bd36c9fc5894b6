namespace StudentCard.Central.Staff;

/// <summary>
/// The admin API's sign-in for programs (the "lockdown" command line): a staff account's name and password, answered with
/// the admin UI's sign-in cookie or a <see cref="StaffSignInRefusal"/>.
/// </summary>
public sealed record StaffSignInRequest(string? UserName, string? Password)
{
    public const string Path = "/api/account/sign-in";
}

/// <summary>Why a sign-in was refused; a wrong user name and a wrong password read alike.</summary>
public sealed record StaffSignInRefusal(string Error);
