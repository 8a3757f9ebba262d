using System.Net.Http.Json;
using CoP.Shared.Members;
using CoP.Tests.Members;
using Microsoft.Playwright;

namespace CoP.Tests.Browser;

/// <summary>Steps that several browser walks share: a member who joined and confirmed in the browser, a poll made by an operator.</summary>
internal static class BrowserWalks
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Registers through the API and returns the confirmation link the mail brought.</summary>
    public static async Task<Uri> RegisterAsync(FunctionsTestHost host, string email)
    {
        using var client = host.Client();
        using var registered = await client.PostAsJsonAsync("api/registrations", MemberTestFlows.Registration(email), Ct);
        Assert.True(registered.IsSuccessStatusCode, $"registration answered {(int)registered.StatusCode}");
        var mails = await host.DeliverMailAsync(Ct);
        return mails.Last(m => m.To == email && m.Categories.Contains("confirmation")).Link("/api/registrations/confirm");
    }

    /// <summary>Registers, opens the mailed confirmation link in <paramref name="page"/> and presses its button; the member stored.</summary>
    public static async Task<MemberEntity> JoinAsync(FunctionsTestHost host, IPage page, string email, string? checkAs = null)
    {
        var link = await RegisterAsync(host, email);
        await page.GotoAsync(link.ToString());
        if (checkAs is not null)
        {
            await Pages.CheckAsync(page, checkAs);
        }

        // The button posts, and the answer's 303 leads to the welcome page: wait for that address, not for a load
        // state, which the page before the click may already have (or a slow post may not reach in time).
        await page.GetByRole(AriaRole.Button).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]welcome=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        var member = await MemberTestFlows.MemberByEmailAsync(host.App, email);
        Assert.Equal(MemberStatus.Confirmed, member?.MemberStatus);
        return member!;
    }

    /// <summary>An open single-choice poll with options a, b and c, made through the operator route; its id.</summary>
    public static Task<string> OpenPollAsync(FunctionsTestHost host) =>
        OpenPollAsync(host, "single", new { id = "a", label = "Biochar" }, new { id = "b", label = "Monitoring" }, new { id = "c", label = "Finance" });

    /// <summary>An open poll of <paramref name="kind"/> ("single", "multiple", "ranked") with these options (objects with id and label), made through the operator route; its id.</summary>
    public static async Task<string> OpenPollAsync(FunctionsTestHost host, string kind, params object[] options)
    {
        using var client = host.Client(@operator: true);
        using var created = await client.PostAsJsonAsync(
            "api/manage/polls",
            new
            {
                question = "Which topic should the next cycle prioritise?",
                description = "Pick what matters most for your work.",
                options,
                kind,
                maxChoices = kind == "single" ? 1 : options.Length,
                closesAt = DateTimeOffset.UtcNow.AddDays(7),
                resultsVisibility = "always",
                minBallots = 1,
            },
            Ct);
        Assert.True(created.IsSuccessStatusCode, $"poll creation answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(Ct)}");
        return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("pollId").GetString()!;
    }
}
