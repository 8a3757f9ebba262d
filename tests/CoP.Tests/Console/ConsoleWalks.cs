using System.Text.RegularExpressions;
using CoP.Tests.Browser;
using Microsoft.Playwright;

namespace CoP.Tests.Console;

/// <summary>Steps of the console's browser walks: signing in from the mailed link.</summary>
internal static class ConsoleWalks
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Signs <paramref name="page"/> in as <see cref="ConsoleClient.OperatorEmail"/>: the sign-in form, the mail that the fake
    /// SendGrid got, the link's page and its button; ends on the overview. With <paramref name="checkAs"/>, each page
    /// passes <see cref="Pages.CheckAsync"/> under that name's prefix.
    /// </summary>
    public static async Task SignInAsync(FunctionsTestHost host, IPage page, string? checkAs = null)
    {
        var before = (await host.DeliverMailAsync(Ct)).Count;
        await page.GotoAsync(host.Url("api/console/sign-in").ToString());
        if (checkAs is not null)
        {
            await Pages.CheckAsync(page, $"{checkAs}-sign-in");
        }

        await page.GetByLabel("Email address").FillAsync(ConsoleClient.OperatorEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]sent=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        var mail = (await host.DeliverMailAsync(Ct)).Skip(before).Last(m => m.To == ConsoleClient.OperatorEmail);

        await page.GotoAsync(mail.Link("/api/console/session").ToString());
        if (checkAs is not null)
        {
            await Pages.CheckAsync(page, $"{checkAs}-session");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
    }
}
