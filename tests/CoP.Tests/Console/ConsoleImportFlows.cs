using System.Net.Http.Headers;
using System.Security.Cryptography;
using CoP.Functions.Console;
using CoP.Functions.Console.Import;
using CoP.Shared.Console;
using CoP.Tests.Http;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Console;

/// <summary>The console's import pages as a browser uses them (through the worker's middleware): a signed-in operator's session cookie, the upload, the import.</summary>
internal static class ConsoleImportFlows
{
    private const string Browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /// <summary>
    /// Opens a console session for <see cref="ConsoleClient.OperatorEmail"/> (in an app created with <see cref="ConsoleClient.Settings"/>),
    /// as the mailed link's button does; returns the session cookie's value.
    /// </summary>
    public static async Task<string> SignInAsync(TestApp app)
    {
        var @operator = app.Get<OperatorDirectory>().Find(ConsoleClient.OperatorEmail) ?? throw new InvalidOperationException("The app has no operators: create it with ConsoleClient.Settings.");
        var access = app.Get<ConsoleAccess>();
        var link = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Assert.True(await access.StoreSignInAsync(link, @operator, app.Get<TimeProvider>().GetUtcNow(), Ct));
        return Assert.IsType<ConsoleSignIn.Opened>(await access.RedeemAsync(link, Ct)).Ticket.Secret;
    }

    public static Task<TestResponse> ShowAsync(TestApp app, string? session, string query = "", string? language = null)
    {
        var request = WithSession(app.Get(ImportPage.Route + query), session);
        if (language is not null)
        {
            request.WithHeader("Accept-Language", language);
        }

        return WorkerPipeline.RunAsync(app, request, r => app.Function<ShowConsoleImportFunction>().ShowConsoleImport(r, Ct), "ShowConsoleImport");
    }

    /// <summary>The upload form's post: the file and the anti-forgery field (the session's own unless <paramref name="formToken"/> is given).</summary>
    public static Task<TestResponse> PreviewAsync(TestApp app, string? session, byte[] file, string? formToken = null)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(formToken ?? (session is null ? "" : ConsoleGate.FormToken(session))), "formToken");
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(part, "file", "members.csv");
        var request = WithSession(
            TestRequests.Bytes(app.Services, "POST", $"{ImportPage.Route}/preview", content.ReadAsByteArrayAsync(Ct).GetAwaiter().GetResult(), content.Headers.ContentType!.ToString()),
            session);
        return WorkerPipeline.RunAsync(app, request, r => app.Function<PreviewConsoleImportFunction>().PreviewConsoleImport(r, Ct), "PreviewConsoleImport");
    }

    /// <summary>The preview's import form: the file's hash, the campaign box, and the anti-forgery field.</summary>
    public static Task<TestResponse> RunAsync(TestApp app, string? session, string hash, bool campaign = false, string? formToken = null)
    {
        List<KeyValuePair<string, string>> fields = [new("formToken", formToken ?? (session is null ? "" : ConsoleGate.FormToken(session))), new("file", hash)];
        if (campaign)
        {
            fields.Add(new("campaign", "yes"));
        }

        var request = WithSession(TestRequests.Form(app.Services, "POST", ImportPage.Route, fields), session);
        return WorkerPipeline.RunAsync(app, request, r => app.Function<RunConsoleImportFunction>().RunConsoleImport(r, Ct), "RunConsoleImport");
    }

    /// <summary>The hash the preview page's import form carries.</summary>
    public static string HashOf(TestResponse preview)
    {
        const string field = "name=\"file\" value=\"";
        var start = preview.Body.IndexOf(field, StringComparison.Ordinal);
        Assert.True(start >= 0, "the preview has no import form");
        return preview.Body.Substring(start + field.Length, 64);
    }

    private static HttpRequest WithSession(HttpRequest request, string? session)
    {
        request.WithHeader("Accept", Browser);
        return session is null ? request : request.WithHeader("Cookie", $"{ConsoleGate.Cookie}={session}");
    }
}
