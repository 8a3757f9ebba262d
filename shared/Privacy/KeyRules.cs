using System.Security.Cryptography;
using CoP.Shared.Hosting;

namespace CoP.Shared.Privacy;

/// <summary>
/// What a secret key of the app (<c>Privacy__HashKey</c>, <c>Privacy__BallotKey</c>, <c>Tokens__Keys__&lt;id&gt;</c>) may not be. Anywhere: an
/// unresolved Key Vault reference. In Azure: a key published in this repository, or one too uniform to be random.
/// </summary>
public static class KeyRules
{
    /// <summary>
    /// Every key value committed to this repository, where it lets the app run locally and in the tests out of the box.
    /// Anyone can read them here, so anyone could forge member tokens or recompute the lookup hashes of email
    /// addresses made with them: in Azure, start-up refuses them. A key added to the sample or the tests goes here
    /// too (KeyRulesTests holds the sample's and TestSettings' keys to this list).
    /// </summary>
    private static readonly string[] PublishedKeys =
    [
        // local.settings.sample.json: Privacy__HashKey, Privacy__BallotKey and Tokens__Keys__local1.
        "bG9jYWwtZGV2ZWxvcG1lbnQtb25seS1oYXNoLWtleS0wMDE=",
        "bG9jYWwtZGV2ZWxvcG1lbnQtb25seS1iYWxsb3Qta2V5LTAx",
        "bG9jYWwtZGV2ZWxvcG1lbnQtb25seS10b2tlbi1rZXktMDE=",
        // tests/CoP.Tests/TestSettings.cs: HashKey, BallotKey and TokenKey.
        "AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tk=",
        "Aw4ZJC86RVBbZnF8h5KdqLO+ydTf6vUACxYhLDdCTVg=",
        "//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=",
        // tests/CoP.Tests/Members/MemberTokenServiceTests.cs: KeyOne and KeyTwo.
        "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
        "ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4Q=",
        // tests/CoP.Benchmarks/BenchmarkApp.cs: the key of the benchmarks, and their ballot key.
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "Hx4dHBsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=",
    ];

    private static readonly byte[][] PublishedForms = PublishedKeys.Select(key => HmacForm(Convert.FromBase64String(key))).ToArray();

    /// <summary>Fewer different byte values than this in a key of 32 bytes or more is no random key (all zeros, "abab…").</summary>
    private const int MinimumDistinctBytes = 8;

    /// <summary>Why the key in <paramref name="setting"/> cannot be used here, if it cannot; never the key itself.</summary>
    public static IEnumerable<string> Problems(string setting, string? value, HostingEnvironment hosting)
    {
        if (value?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
        {
            // App Service passes the reference through as text when it cannot read the secret.
            yield return $"{setting} is a Key Vault reference that did not resolve: check that the secret exists (the deploy hook creates it) " +
                "and that the app's identity may read it (Key Vault Secrets User), then restart the app.";
        }
        else if (hosting.RunsInAzure && KeyMaterial.TryDecode(value, out var key) && key.Length > 0)
        {
            if (IsPublished(key))
            {
                yield return $"{setting} is a development key published in the repository, so anyone could forge what it signs: " +
                    "set a new random key (`openssl rand -base64 32`) in Key Vault.";
            }
            else if (key.Distinct().Count() < MinimumDistinctBytes)
            {
                yield return $"{setting} is not a random key (its bytes barely vary): set a new one (`openssl rand -base64 32`) in Key Vault.";
            }
        }
    }

    public static bool IsPublished(byte[] key)
    {
        var form = HmacForm(key);
        return PublishedForms.Any(published => published.AsSpan().SequenceEqual(form));
    }

    // The keys are HMAC-SHA256 keys. HMAC pads a key shorter than its 64-byte block with zeros and hashes a longer one
    // first, so a published key with zero bytes appended signs exactly as the key itself: compare keys in that form.
    private static byte[] HmacForm(byte[] key)
    {
        var block = key.Length > 64 ? SHA256.HashData(key) : key;
        var end = block.Length;
        while (end > 0 && block[end - 1] == 0)
        {
            end--;
        }

        return block[..end];
    }
}
