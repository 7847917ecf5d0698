using System.Security.Cryptography;

namespace MmsGateway.Registry.Accounts;

/// <summary>PBKDF2-HMAC-SHA512 with a random salt, written as <c>pbkdf2-sha512$iterations$salt$hash</c>
/// so that a later increase of the work factor still verifies older hashes.</summary>
public static class PasswordHash
{
    // ASP.NET Core Identity's choice since .NET 7 (100,000 rounds of SHA-512).
    private const int Iterations = 100_000, SaltBytes = 16, HashBytes = 32;
    private const string Scheme = "pbkdf2-sha512";

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations < 1) return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
