using CoP.Functions.Privacy;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberPageFlows;

namespace CoP.Tests.Privacy;

/// <summary>The app's privacy notice (<c>GET /api/privacy</c>): the periods it states are the app's settings.</summary>
public sealed class PrivacyPageTests(StorageFixture storage)
{
    [Theory]
    [InlineData("en", "Privacy notice", "Account link")]
    [InlineData("fr", "Politique de confidentialité", "lien de compte")]
    [InlineData("es", "Aviso de privacidad", "enlace de cuenta")]
    public async Task TheNoticeStatesTheSettingsInEachLanguage(string language, string title, string account)
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>
        {
            ["Tokens:ProfileLifetime"] = "21.00:00:00",
            ["Tokens:AccountLifetime"] = "00:45:00",
            ["Documents:RejectedRetention"] = "12.00:00:00",
        });
        var request = BrowserGet(app, $"/api/privacy?lang={language}");

        var page = await TestResponse.ExecuteAsync(app.Function<ShowPrivacyFunction>().ShowPrivacy(request), request);

        Assert.Equal(200, page.Status);
        Assert.Equal(language, page.Headers.ContentLanguage.ToString());
        Assert.Contains($"<h1>{title}</h1>", page.Body, StringComparison.Ordinal);
        Assert.Contains(account, page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(" 21 ", page.Body, StringComparison.Ordinal);
        Assert.Contains(" 45 minut", page.Body, StringComparison.Ordinal);
        Assert.Contains(" 12 ", page.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/members/me\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/unsubscribe\"", page.Body, StringComparison.Ordinal);
    }
}
