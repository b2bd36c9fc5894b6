using System.Security.Cryptography;

namespace StudentCard.Central.Staff;

/// <summary>Random first passwords: shown once to the person creating the account, never stored or logged.</summary>
public static class GeneratedPassword
{
    // No 0/O, 1/l/I: the password is read off a terminal and typed in by a person.
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 20);
}
