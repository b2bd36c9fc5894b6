using System.Security.Cryptography;
using System.Text;

namespace StudentCard.Central.Messaging.Mosquitto;

/// <summary>
/// Mosquitto 2's password file hash, "$7$iterations$salt$hash": PBKDF2-HMAC-SHA512 over the
/// password with a 12-byte salt and a 64-byte result, both base64. Written in C# so that no
/// mosquitto_passwd is needed where Central runs.
/// </summary>
public static class MosquittoPasswordHash
{
    private const string Prefix = "$7$";
    private const int Iterations = 101;
    private const int SaltBytes = 12;
    private const int HashBytes = 64;

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations);
        return $"{Prefix}{Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 5 || parts[0] != "" || parts[1] != "7" || !int.TryParse(parts[2], out var iterations) || iterations < 1)
        {
            return false;
        }
        try
        {
            var salt = Convert.FromBase64String(parts[3]);
            var expected = Convert.FromBase64String(parts[4]);
            return expected.Length == HashBytes && CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
}
