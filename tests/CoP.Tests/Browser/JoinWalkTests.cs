using CoP.Shared.Members;
using CoP.Tests.Members;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Browser;

/// <summary>
/// Joining in a real browser, as a newcomer does from a link on the community's site: the join page, the mail, the
/// confirmation page and its button, the welcome page, in each language; and hostile text typed into the form, which
/// comes back encoded. Fields are found by their ids (the same in every language); every page reached is checked.
/// </summary>
public sealed class JoinWalkTests(StorageFixture storage, BrowserFixture browser)
{
    // People need a few seconds to fill the form; the walk does not, and must not be taken for a bot.
    private static readonly Dictionary<string, string?> Settings = new() { ["Membership:MinimumFormFillTime"] = "00:00:00" };

    [Theory]
    [InlineData("en", "en-GB", "Amina Diallo")]
    [InlineData("fr", "fr-FR", "Aïssatou Ndiaye")]
    [InlineData("es", "es-ES", "Lucía Fernández")]
    public async Task NewcomerJoinsAndConfirmsFromTheJoinPage(string language, string locale, string name)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host, locale);
        var page = await context.NewPageAsync();
        var email = $"joiner.{language}@example.org";

        await page.GotoAsync("/api/join?topic=biochar");
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        Assert.True(await page.IsCheckedAsync("input[name=topics][value=biochar]"));
        await Pages.CheckAsync(page, $"join-{language}");
        await page.FillAsync("#name", name);
        await page.FillAsync("#email", email);
        await page.FillAsync("#organization", "Institut sénégalais de recherches agricoles");
        await page.SelectOptionAsync("#country", "SN");
        await page.CheckAsync("#newsletter");
        await page.CheckAsync("#consent");
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/api/join?sent=1");
        await Pages.CheckAsync(page, $"join-sent-{language}");

        var mail = (await host.DeliverMailAsync(Ct)).Single(m => m.To == email);
        await page.GotoAsync(mail.Link("/api/registrations/confirm").ToString());
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        await Pages.CheckAsync(page, $"join-confirm-{language}");
        Assert.Equal(MemberStatus.Pending, (await MemberTestFlows.MemberByEmailAsync(host.App, email))?.MemberStatus);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/api/registrations/confirm?welcome=1");
        await Pages.CheckAsync(page, $"join-welcome-{language}");

        var member = await MemberTestFlows.MemberByEmailAsync(host.App, email);
        Assert.Equal(MemberStatus.Confirmed, member?.MemberStatus);
        Assert.Equal((name, language, "SN", "biochar", true), (member!.Name, member.Language, member.Country, member.Topics, member.Newsletter));
        Assert.Equal(3, await page.Locator("main a[href='/api/documents'], main a[href='/api/polls'], main a[href='/api/members/me']").CountAsync());
    }

    [Fact]
    public async Task MarkupTypedIntoTheFormComesBackAsTextAndNothingIsStored()
    {
        const string Markup = "<script>window.injected=1</script><img src=x onerror=\"window.injected=2\"><b id=injected>x</b>";
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/api/join");
        foreach (var field in new[] { "#name", "#email", "#organization", "#role" })
        {
            await page.FillAsync(field, Markup);
        }

        await page.CheckAsync("#consent");
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Pages.CheckAsync(page, "join-refused-en");

        Assert.Equal(0, await page.Locator("main script, main img, #injected").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.injected ?? null"));
        foreach (var field in new[] { "#name", "#email", "#organization", "#role" })
        {
            Assert.Equal(Markup, await page.InputValueAsync(field));
        }

        Assert.Equal("true", await page.GetAttributeAsync("#email", "aria-invalid"));
        Assert.Equal(1, await page.Locator("div.alert[role=alert] a[href='#email']").CountAsync());
        Assert.Empty(await host.DeliverMailAsync(Ct));
    }
}
