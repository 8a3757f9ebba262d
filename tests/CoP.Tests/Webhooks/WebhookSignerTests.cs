using System.Text.RegularExpressions;
using CoP.Shared.Webhooks;
using CoP.TestSupport;
using StandardWebhooks;

namespace CoP.Tests.Webhooks;

/// <summary>The signature scheme: our signer against the test vector published in WEBHOOKS.md and an independent implementation.</summary>
public sealed partial class WebhookSignerTests
{
    private static readonly Lazy<Dictionary<string, string>> Vector = new(ReadVector);

    [Fact]
    public void TheDocumentedTestVectorIsWhatOurSignerAndAnIndependentImplementationWrite()
    {
        var v = Vector.Value;
        var timestamp = long.Parse(v["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture);

        var ours = WebhookSigner.Sign(v["webhook-id"], timestamp, v["body"], [v["secret"]]);
        var theirs = new StandardWebhook(v["secret"]).Sign(v["webhook-id"], DateTimeOffset.FromUnixTimeSeconds(timestamp), v["body"]);

        Assert.Equal(v["webhook-signature"], ours);
        Assert.Equal(v["webhook-signature"], theirs);
    }

    [Fact]
    public void TheDocumentedRotationHeaderCarriesTheNewSignatureFirst()
    {
        var v = Vector.Value;
        var doc = File.ReadAllText(DocPath());
        var rotation = RotationPattern().Match(doc);
        Assert.True(rotation.Success);

        var header = WebhookSigner.Sign(v["webhook-id"], long.Parse(v["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture), v["body"], [rotation.Groups["secret"].Value, v["secret"]]);

        Assert.Equal(rotation.Groups["header"].Value, header);
    }

    [Fact]
    public void ANewSecretIsThirtyTwoRandomBytesWhoseShownFormIsTheKeyOtherLibrariesUse()
    {
        var secret = WebhookSecret.New();
        var headers = WebhookSigner.Headers("evt_0123456789abcdef0123456789", DateTimeOffset.UtcNow, "{\"a\":1}", [secret]);
        var request = new RecordedWebhookRequest(1, TimeSpan.Zero, "POST", "/", headers.ToDictionary(h => h.Key, h => h.Value), "{\"a\":1}");

        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        Assert.Equal(32, WebhookSecret.KeyOf(secret).Length);
        Assert.NotEqual(secret, WebhookSecret.New());
        Assert.True(WebhookReceiverServer.Verifies(request, secret));
        Assert.False(WebhookReceiverServer.Verifies(request with { Body = "{\"a\":2}" }, secret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")]
    [InlineData("whsec_AAEC")]
    public void AValueThatIsNotAWebhookSecretIsRefused(string secret) => Assert.False(WebhookSecret.IsValid(secret));

    private static string DocPath() => Path.Combine(RepositoryRoot.Find(), "shared", "Webhooks", "WEBHOOKS.md");

    private static Dictionary<string, string> ReadVector()
    {
        var rows = VectorRowPattern().Matches(File.ReadAllText(DocPath()));
        return rows.ToDictionary(m => m.Groups["field"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\| (?<field>secret|webhook-id|webhook-timestamp|body|webhook-signature) \| `(?<value>[^`]+)` \|$", RegexOptions.Multiline)]
    private static partial Regex VectorRowPattern();

    [GeneratedRegex(@"During a rotation to `(?<secret>whsec_[^`]+)` the same delivery carries\s+`(?<header>[^`]+)`")]
    private static partial Regex RotationPattern();
}
