namespace CoP.Tests;

/// <summary>Valid values of every required setting other than storage, so a test varies only what it checks.</summary>
internal static class TestSettings
{
    /// <summary>Fixed test keys (not secrets): a privacy hash key, a ballot key and a token signing key.</summary>
    public static readonly string HashKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
    public static readonly string BallotKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 11 + 3)).ToArray());
    public static readonly string TokenKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray());

    public static Dictionary<string, string?> Required() => new()
    {
        ["Email:Transport"] = "Outbox",
        ["Email:FromAddress"] = "community@localhost.test",
        ["Privacy:HashKey"] = HashKey,
        ["Privacy:BallotKey"] = BallotKey,
        ["Privacy:PolicyVersion"] = "2026-01",
        ["Tokens:Keys:k1"] = TokenKey,
        ["Tokens:ActiveKey"] = "k1",
        ["Membership:PublicApiBaseUrl"] = "https://cop.example.org",
    };
}
