using System.Text.Json;
using Azure.Data.Tables;
using CoP.Functions.Members;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CoP.Tests.Members;

/// <summary>The membership routes driven the way clients drive them, for the tests of this folder.</summary>
internal static class MemberTestFlows
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static object Registration(string email = "amina.diallo@example.org", string name = "Amina Diallo", bool newsletter = true) => new
    {
        email,
        name,
        organization = "Soil Institute",
        country = "SN",
        role = "Researcher",
        topics = new[] { "biochar", "monitoring-slm" },
        newsletter,
        consent = true,
        language = "fr",
    };

    /// <summary>Posts a registration, then delivers the mail it queued (<paramref name="deliver"/>), as the host would soon after.</summary>
    public static async Task<TestResponse> RegisterAsync(TestApp app, object body, bool deliver = true)
    {
        var request = app.Json("POST", "/api/registrations", body);
        return await DeliveredAsync(app, await ExecuteAsync(request, app.Function<RegisterMemberFunction>().RegisterMember(request, Ct)), deliver);
    }

    public static async Task<TestResponse> RegisterFormAsync(TestApp app, IEnumerable<KeyValuePair<string, string>> fields, bool multipart = false, bool browser = true)
    {
        var request = multipart
            ? TestRequests.Multipart(app.Services, "POST", "/api/registrations", fields)
            : TestRequests.Form(app.Services, "POST", "/api/registrations", fields);
        if (browser)
        {
            request.Accepting("text/html");
        }

        return await DeliveredAsync(app, await ExecuteAsync(request, app.Function<RegisterMemberFunction>().RegisterMember(request, Ct)), deliver: true);
    }

    /// <summary>
    /// Opens the confirmation link as a browser (or a mail scanner) does: a GET that must change nothing, whose token
    /// becomes the session cookie the page is then reloaded with (<see cref="ConfirmationCookie"/>).
    /// </summary>
    public static async Task<TestResponse> ShowConfirmationAsync(TestApp app, string? token)
    {
        var request = app.Get(token is null ? "/api/registrations/confirm" : $"/api/registrations/confirm?token={Uri.EscapeDataString(token)}").Accepting("text/html");
        var response = await ExecuteAsync(request, app.Function<ShowConfirmationFunction>().ShowConfirmation(request, Ct));
        if (response.Status != 303 || ConfirmationCookie(response) is not { } cookie)
        {
            return response;
        }

        var reload = app.Get(response.Headers.Location.ToString()).Accepting("text/html").WithHeader("Cookie", $"cop-confirm={cookie}");
        return await ExecuteAsync(reload, app.Function<ShowConfirmationFunction>().ShowConfirmation(reload, Ct));
    }

    /// <summary>The value of the <c>cop-confirm</c> session cookie an answer sets, if it sets one.</summary>
    public static string? ConfirmationCookie(TestResponse response) =>
        response.Headers.SetCookie.OfType<string>()
            .Where(cookie => cookie.StartsWith("cop-confirm=", StringComparison.Ordinal))
            .Select(cookie => Uri.UnescapeDataString(cookie["cop-confirm=".Length..cookie.IndexOf(';', StringComparison.Ordinal)]))
            .FirstOrDefault();

    /// <summary>Presses the confirmation page's button: the browser posts its form with the token field.</summary>
    public static async Task<TestResponse> ConfirmAsync(TestApp app, string? token)
    {
        var fields = token is null ? [] : new[] { KeyValuePair.Create("token", token) };
        var request = TestRequests.Form(app.Services, "POST", "/api/registrations/confirm", fields).Accepting("text/html");
        return await ExecuteAsync(request, app.Function<ConfirmRegistrationFunction>().ConfirmRegistration(request, Ct));
    }

    public static async Task<TestResponse> RequestAccessLinkAsync(TestApp app, string email, bool deliver = true)
    {
        var request = app.Json("POST", "/api/members/access-link", new { email });
        return await DeliveredAsync(app, await ExecuteAsync(request, app.Function<RequestAccessLinkFunction>().RequestAccessLink(request, Ct)), deliver);
    }

    /// <summary>The response, once the mail its request queued was delivered (failures retried, as the host does).</summary>
    public static async Task<TestResponse> DeliveredAsync(TestApp app, TestResponse response, bool deliver = true)
    {
        if (deliver)
        {
            await app.DeliverQueuedMailAsync(Ct);
        }

        return response;
    }

    public static async Task<TestResponse> GetProfileAsync(TestApp app, string? accessToken)
    {
        var request = app.Get("/api/members/me");
        if (accessToken is not null)
        {
            request.WithHeader("Authorization", $"Bearer {accessToken}");
        }

        return await ExecuteAsync(request, app.Function<GetMyProfileFunction>().GetMyProfile(request, Ct));
    }

    public static async Task<TestResponse> PatchProfileAsync(TestApp app, string accessToken, string json)
    {
        var request = app.Raw("PATCH", "/api/members/me", json, "application/merge-patch+json").WithHeader("Authorization", $"Bearer {accessToken}");
        return await ExecuteAsync(request, app.Function<UpdateMyProfileFunction>().UpdateMyProfile(request, Ct));
    }

    /// <summary>Registers, confirms from the emailed link, and returns the member with a fresh access token.</summary>
    public static async Task<(MemberEntity Member, string AccessToken)> ConfirmedMemberAsync(TestApp app, string email = "amina.diallo@example.org", bool newsletter = true)
    {
        await RegisterAsync(app, Registration(email, newsletter: newsletter));
        var confirmation = app.Outbox().Last(m => m.Category == "confirmation" && m.To.Address == email);
        var confirmed = await ConfirmAsync(app, TokenFromLink(confirmation.TextBody, "/api/registrations/confirm"));
        Assert.Equal(200, confirmed.Status);
        var member = (await MemberByEmailAsync(app, email))!;
        return (member, app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Account));
    }

    public static async Task<MemberEntity?> MemberByEmailAsync(TestApp app, string email)
    {
        var table = app.Table("Members");
        await foreach (var member in table.QueryAsync<MemberEntity>(cancellationToken: Ct))
        {
            if (string.Equals(member.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>The token of the first link in a text that points at the route.</summary>
    public static string TokenFromLink(string text, string route)
    {
        var start = text.IndexOf(route + "?token=", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {route} link in: {text}");
        var tokenStart = start + route.Length + "?token=".Length;
        var end = tokenStart;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not '"' and not '<' and not '>' and not ')')
        {
            end++;
        }

        return Uri.UnescapeDataString(text[tokenStart..end]);
    }

    /// <summary>Every row of every table of this test app, as text, for "no personal data left" checks.</summary>
    public static async Task<string> AllTableTextAsync(TestApp app)
    {
        var service = new TableServiceClient(app.ConnectionString);
        var text = new System.Text.StringBuilder();
        await foreach (var table in service.QueryAsync(cancellationToken: Ct))
        {
            if (!table.Name.StartsWith(app.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: Ct))
            {
                text.AppendLine(JsonSerializer.Serialize(row));
            }
        }

        return text.ToString();
    }

    public static async Task<int> RowCountAsync(TestApp app, string table)
    {
        var count = 0;
        try
        {
            await foreach (var _ in app.Table(table).QueryAsync<TableEntity>(cancellationToken: Ct))
            {
                count++;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // Never created: nothing stored.
        }

        return count;
    }

    public static IReadOnlyList<OutboxMessage> Outbox(this TestApp app) => LocalOutbox.ReadAll(app.OutboxPath);

    public static async Task<TestResponse> ExecuteAsync(HttpRequest request, Task<IResult> result) =>
        await TestResponse.ExecuteAsync(await result, request);
}
