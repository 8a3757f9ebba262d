using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CoP.Functions.Http;

/// <summary>
/// Personal links become sessions in a browser. A page opened with <c>?token=</c> stores the token in a cookie
/// (<c>HttpOnly</c>, <c>Secure</c>, <c>SameSite=Lax</c>, expiring with the token) and sends the browser to the same
/// address without it (<see cref="Exchange"/>), so tokens leave the address bar and the history. The cookie holds the
/// token itself, so a session is exactly as narrow as its link's purpose, ends when the token expires, and ends at once
/// when the member revokes their links (the token's link generation is checked on every use). One cookie per purpose:
/// <c>cop-account</c> and <c>cop-profile</c> for the whole site, and the narrow ones (<c>cop-vote</c>, <c>cop-unsubscribe</c>,
/// <c>cop-confirm</c>) only on the address of the page their link opened, so a vote link's session reaches that poll
/// alone. Forms that change state post an anti-forgery field derived from the session's token
/// (<see cref="FormTokenField"/>), which another site cannot know.
/// </summary>
public sealed class MemberSessions(MemberTokenService tokens, MemberAccountService accounts)
{
    /// <summary>The hidden field of every form that changes state on behalf of a session.</summary>
    public const string FormTokenField = "formToken";

    private const string AccountCookie = "cop-account";
    private const string ProfileCookie = "cop-profile";
    private const string VoteCookie = "cop-vote";
    private const string UnsubscribeCookie = "cop-unsubscribe";
    private const string ConfirmCookie = "cop-confirm";

    private static readonly byte[] FormTokenLabel = Encoding.ASCII.GetBytes("CoP.Functions form token v1\n");

    /// <summary>
    /// For a GET of a page whose link carries a valid <c>?token=</c>: the answer that sets the session cookie and
    /// sends the browser (303) to the same address without the token. Null when there is no token, or one that grants
    /// nothing: the page then answers as it does for a bad link.
    /// </summary>
    public IResult? Exchange(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MemberTokens.FromQuery(request) is not { } token || tokens.Verify(token) is not { IsValid: true, Token: { } verified })
        {
            return null;
        }

        var (name, path) = verified.Purpose switch
        {
            TokenPurpose.Account => (AccountCookie, "/"),
            TokenPurpose.Profile or TokenPurpose.LegacyAccess => (ProfileCookie, "/"),
            TokenPurpose.Vote => (VoteCookie, PagePath(request)),
            TokenPurpose.Unsubscribe => (UnsubscribeCookie, PagePath(request)),
            TokenPurpose.Confirm => (ConfirmCookie, PagePath(request)),
            _ => (null, null),
        };
        if (name is null || path is null)
        {
            return null;
        }

        var rest = request.Query
            .Where(pair => !string.Equals(pair.Key, "token", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, StringValues>(pair.Key, value)));
        var location = $"{request.PathBase}{request.Path}{QueryString.Create(rest)}";
        // The site-wide sessions speak for one member: a link of another member's (a planted one, or a shared
        // computer) ends the other session rather than leaving it to take over the pages.
        var other = name == AccountCookie ? ProfileCookie : name == ProfileCookie ? AccountCookie : null;
        var ends = other is not null && request.Cookies[other] is { } held && tokens.Verify(held).MemberId != verified.MemberId ? other : null;
        return new ExchangeResult(name, token, path, verified.ExpiresAt, location, ends);
    }

    /// <summary>
    /// The member whose session (or, for a bad link, whose <c>?token=</c>) may do <paramref name="action"/> here: the
    /// cookies that could allow it are tried from the broadest purpose to the narrowest.
    /// </summary>
    public async Task<MemberSession> AuthenticateAsync(
        HttpRequest request, MemberAction action, string? pollId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var candidates = MemberTokens.FromQuery(request) is { } linkToken ? [linkToken] : Cookies(request, action);
        MemberSession answer = new MemberSession.None(TokenStatus.Malformed);
        foreach (var token in candidates)
        {
            switch (await accounts.AuthenticateAsync(token, action, pollId, cancellationToken))
            {
                case MemberAuthentication.Authenticated { Member: var member } when tokens.Verify(token) is { Token: { } verified }:
                    return new MemberSession.Open(member, token, verified.Purpose, FormToken(token));
                case MemberAuthentication.Refused { Status: var status }:
                    answer = new MemberSession.None(status);
                    break;
            }
        }

        return answer;
    }

    /// <summary>
    /// As <see cref="AuthenticateAsync"/> for a form post, which must also carry the session's anti-forgery field:
    /// <see cref="MemberSession.Forged"/> when it does not.
    /// </summary>
    public async Task<MemberSession> AuthenticateFormAsync(
        HttpRequest request, IFormCollection form, MemberAction action, string? pollId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var session = await AuthenticateAsync(request, action, pollId, cancellationToken);
        return session is MemberSession.Open open && !IsFormTokenOf(open.Token, form[FormTokenField])
            ? new MemberSession.Forged()
            : session;
    }

    /// <summary>True when the browser holds a profile or account session (unchecked: for the navigation only).</summary>
    public static bool HasProfileSession(HttpRequest request) =>
        request.Cookies.ContainsKey(AccountCookie) || request.Cookies.ContainsKey(ProfileCookie);

    /// <summary>
    /// Ends the browser's profile and account sessions (after an erase, or once the member revoked their links): the
    /// cookies go, so the pages no longer take the browser for a member's.
    /// </summary>
    public static void End(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var name in new[] { AccountCookie, ProfileCookie })
        {
            response.Cookies.Delete(name, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax, Path = "/" });
        }
    }

    /// <summary>True when the browser holds a vote link's session for the page's poll (unchecked: to tell a stale link from none).</summary>
    public static bool HasVoteSession(HttpRequest request) => request.Cookies.ContainsKey(VoteCookie);

    /// <summary>The anti-forgery value of forms posted on behalf of the session that holds <paramref name="token"/>.</summary>
    public static string FormToken(string token) =>
        Base64Url.EncodeToString(SHA256.HashData([.. FormTokenLabel, .. Encoding.UTF8.GetBytes(token)]));

    private static bool IsFormTokenOf(string token, StringValues posted) =>
        posted is { Count: 1 } && posted[0] is { } value
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(FormToken(token)), Encoding.UTF8.GetBytes(value));

    // Routes match whatever the case, cookie paths only in their own: the page's path as its forms address it.
    private static string PagePath(HttpRequest request) => $"{request.PathBase}{request.Path}".ToLowerInvariant();

    private static IEnumerable<string> Cookies(HttpRequest request, MemberAction action)
    {
        var names = action switch
        {
            MemberAction.Confirm => [ConfirmCookie],
            MemberAction.Vote => [VoteCookie, AccountCookie, ProfileCookie],
            MemberAction.Unsubscribe => [UnsubscribeCookie, AccountCookie, ProfileCookie],
            MemberAction.ExportData or MemberAction.EraseData or MemberAction.RevokeLinks => [AccountCookie],
            _ => new[] { AccountCookie, ProfileCookie },
        };
        return names.Select(name => request.Cookies[name]).OfType<string>().Where(value => value.Length > 0);
    }

    private sealed class ExchangeResult(string name, string token, string path, DateTimeOffset expires, string location, string? ends) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            if (ends is not null)
            {
                response.Cookies.Delete(ends, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax, Path = "/" });
            }

            response.Cookies.Append(name, token, new CookieOptions
            {
                HttpOnly = true,
                Secure = true,
                SameSite = SameSiteMode.Lax,
                Path = path,
                Expires = expires,
                IsEssential = true,
            });
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = location;
            response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

/// <summary>Whom a browser's session speaks for, or why it speaks for no one.</summary>
public abstract record MemberSession
{
    private MemberSession()
    {
    }

    /// <summary>A member's session that allows the action; forms rendered for it carry <paramref name="FormToken"/>.</summary>
    public sealed record Open(MemberEntity Member, string Token, TokenPurpose Purpose, string FormToken) : MemberSession;

    /// <summary>No session allows the action: no cookie, or its token is expired, revoked or of another purpose.</summary>
    public sealed record None(TokenStatus Status) : MemberSession;

    /// <summary>A form post whose anti-forgery field is missing or not the session's: another site posted it.</summary>
    public sealed record Forged : MemberSession;
}
