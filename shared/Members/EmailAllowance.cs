using System.Globalization;

namespace CoP.Shared.Members;

/// <summary>
/// How often one address may be emailed: at most once per resend interval for each kind (confirmation,
/// personal link), and never more than the cap within any rolling hour. The state lives on the member row,
/// so it is read and written with the member under its ETag.
/// </summary>
public static class EmailAllowance
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static bool Allows(MemberEntity member, bool accessLink, DateTimeOffset now, MembershipOptions options)
    {
        var last = accessLink ? member.LastAccessLinkSentAt : member.LastConfirmationSentAt;
        if (last is { } previous && now - previous < options.ConfirmationResendInterval)
        {
            return false;
        }

        return member.RecentEmailTimes().Count(t => now - t < Hour) < options.MaxEmailsPerAddressPerHour;
    }

    /// <summary>Records a send (before it happens, so concurrent requests see it).</summary>
    public static void Use(MemberEntity member, bool accessLink, DateTimeOffset now)
    {
        var recent = member.RecentEmailTimes().Where(t => now - t < Hour).Append(now);
        member.RecentEmails = string.Join(',', recent.Select(t => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        if (accessLink)
        {
            member.LastAccessLinkSentAt = now;
        }
        else
        {
            member.LastConfirmationSentAt = now;
        }
    }
}
