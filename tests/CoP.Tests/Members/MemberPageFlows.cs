using System.Text.RegularExpressions;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CoP.Tests.Members;

/// <summary>The member pages driven as a browser drives them: links followed, cookies sent back, forms posted.</summary>
internal static partial class MemberPageFlows
{
    /// <summary>What Chrome and Firefox send when following a link.</summary>
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    /// <summary>A browser's GET of <paramref name="pathAndQuery"/>, sending <paramref name="cookies"/>.</summary>
    public static HttpRequest BrowserGet(TestApp app, string pathAndQuery, params (string Name, string Value)[] cookies) =>
        WithCookies(app.Get(pathAndQuery).WithHeader("Accept", BrowserAccept), cookies);

    /// <summary>A browser's form post of <paramref name="fields"/>, sending <paramref name="cookies"/>.</summary>
    public static HttpRequest BrowserPost(TestApp app, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> fields, params (string Name, string Value)[] cookies) =>
        WithCookies(TestRequests.Form(app.Services, "POST", pathAndQuery, fields).WithHeader("Accept", BrowserAccept), cookies);

    public static IEnumerable<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => KeyValuePair.Create(f.Name, f.Value));

    public static (string Name, string Value) Session(TokenPurpose purpose, string token) => purpose switch
    {
        TokenPurpose.Account => ("cop-account", token),
        TokenPurpose.Profile => ("cop-profile", token),
        TokenPurpose.Vote => ("cop-vote", token),
        TokenPurpose.Unsubscribe => ("cop-unsubscribe", token),
        _ => ("cop-confirm", token),
    };

    public static string Issue(TestApp app, MemberEntity member, TokenPurpose purpose, int generation = 0) =>
        app.Get<MemberTokenService>().Issue(member.MemberId, generation, purpose, purpose == TokenPurpose.Vote ? Guid.NewGuid().ToString("N") : null);

    public static string FormToken(string token) => MemberSessions.FormToken(token);

    public static IReadOnlyList<SetCookieHeaderValue> SetCookies(TestResponse response) =>
        SetCookieHeaderValue.ParseList(response.Headers.SetCookie.OfType<string>().ToList()).ToList();

    /// <summary>The value of the hidden anti-forgery field of every form of a page.</summary>
    public static IReadOnlyList<string> FormTokens(string body) =>
        [.. FormTokenInput().Matches(body).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static HttpRequest WithCookies(HttpRequest request, (string Name, string Value)[] cookies)
    {
        if (cookies.Length > 0)
        {
            request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        }

        return request;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"formToken\" value=\"([^\"]*)\">")]
    private static partial Regex FormTokenInput();
}
