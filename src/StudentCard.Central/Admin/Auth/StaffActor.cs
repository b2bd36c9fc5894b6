using System.Security.Claims;
using StudentCard.Central.Calendar;

namespace StudentCard.Central.Admin.Auth;

/// <summary>The signed-in account as the services it acts through name it.</summary>
public static class StaffActor
{
    /// <summary>Who changes the calendar: the account's user name, role and school.</summary>
    public static CalendarActor Calendar(ClaimsPrincipal user) => new(user.UserName(), user.Role(), user.ScopeOf());
}
