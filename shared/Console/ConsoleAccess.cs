using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CoP.Shared.Email.Queue;
using CoP.Shared.Limits;
using CoP.Shared.Members;
using CoP.Shared.Storage;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Console;

/// <summary>A console session just opened: the secret its cookie carries, whose it is, and until when.</summary>
public sealed record ConsoleTicket(string Secret, Operator Operator, DateTimeOffset ExpiresAt);

/// <summary>What the redeeming of a sign-in link gave.</summary>
public abstract record ConsoleSignIn
{
    private ConsoleSignIn()
    {
    }

    public sealed record Opened(ConsoleTicket Ticket) : ConsoleSignIn;

    /// <summary>Unknown, used, expired, or its operator is no longer named by the setting.</summary>
    public sealed record Refused : ConsoleSignIn;
}

/// <summary>
/// Signing in to the console without passwords. A request queues a mail (<see cref="ConsoleSignInMailPreparer"/>) whatever
/// the address, so the answer is the same for operators and strangers; the mail goes only to an operator, and carries
/// a link that works once, for at most <see cref="ConsoleOptions.MaxSignInLifetime"/>. Opening the link shows a button;
/// only its POST redeems the link (a mail server's link scanner that fetches it opens nothing) and opens a session of
/// at most <see cref="ConsoleOptions.MaxSessionLifetime"/>. Sessions are rows (by the hash of their secret), so signing
/// out ends one at once, and removing an address from the setting ends its sessions at once.
/// </summary>
public sealed class ConsoleAccess(
    TableServiceClient tables,
    StorageNames names,
    QueuedMail mail,
    RequestLimiter limiter,
    OperatorDirectory operators,
    IOptions<ConsoleOptions> options,
    TimeProvider time)
{
    public const string SignInMailKind = "console-sign-in";

    private readonly ProvisionedTable _table = new(tables, names.ConsoleSessions);

    /// <summary>Checks the address and queues the sign-in mail, under the same per-client limit as every mail-sending request.</summary>
    public async Task<MailRequestResult> RequestSignInAsync(string? email, string language, string clientKey, CancellationToken cancellationToken = default)
    {
        if (MemberRules.CheckEmail(email, out var address) is { } error)
        {
            return new MailRequestResult.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["email"] = [error] });
        }

        var decision = await limiter.TryAcquireAsync(clientKey, cancellationToken);
        if (!decision.IsAllowed)
        {
            return new MailRequestResult.Limited(decision.RetryAfter);
        }

        await mail.EnqueueAsync(SignInMailKind, new QueuedConsoleSignIn(address, language), cancellationToken);
        return new MailRequestResult.Queued();
    }

    /// <summary>
    /// Stores the sign-in link of one mail (its secret derived from the mail's id by the caller, so a retried delivery
    /// stores and sends the same link) unless it is stored already; returns when it expires.
    /// </summary>
    public async Task<DateTimeOffset> StoreSignInAsync(string secret, Operator @operator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        var table = await _table.GetClientAsync(cancellationToken);
        var now = time.GetUtcNow();
        var row = new ConsoleSessionEntity
        {
            PartitionKey = ConsoleSessionEntity.SignInPartition,
            RowKey = Hash(secret),
            OperatorId = @operator.Id,
            OperatorLabel = @operator.Label,
            CreatedAt = now,
            ExpiresAt = now + options.Value.SignInLifetime,
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return row.ExpiresAt;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var stored = await table.GetEntityIfExistsAsync<ConsoleSessionEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
            return stored.HasValue ? stored.Value!.ExpiresAt : now;
        }
    }

    /// <summary>The operator a sign-in link would sign in, without using it (for the page that shows its button).</summary>
    public async Task<Operator?> PeekSignInAsync(string? secret, CancellationToken cancellationToken = default) =>
        await FindAsync(ConsoleSessionEntity.SignInPartition, secret, cancellationToken) is { } row ? row.ToOperator() : null;

    /// <summary>Uses a sign-in link (once: of two redeems at once, one opens a session) and opens a session.</summary>
    public async Task<ConsoleSignIn> RedeemAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(ConsoleSessionEntity.SignInPartition, secret, cancellationToken) is not { } link)
        {
            return new ConsoleSignIn.Refused();
        }

        // Marked used under its ETag: of two presses at once, the second meets a changed row (412) and opens nothing.
        // (A delete would not do: the storage client takes the delete of a row already deleted for a success.)
        var table = await _table.GetClientAsync(cancellationToken);
        var now = time.GetUtcNow();
        link.UsedAt = now;
        try
        {
            await table.UpdateEntityAsync(link, link.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return new ConsoleSignIn.Refused();
        }

        var ticket = new ConsoleTicket(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), link.ToOperator(), now + options.Value.SessionLifetime);
        await table.AddEntityAsync(
            new ConsoleSessionEntity
            {
                PartitionKey = ConsoleSessionEntity.SessionPartition,
                RowKey = Hash(ticket.Secret),
                OperatorId = link.OperatorId,
                OperatorLabel = link.OperatorLabel,
                CreatedAt = now,
                ExpiresAt = ticket.ExpiresAt,
            },
            cancellationToken);
        await PurgeExpiredAsync(table, now, cancellationToken);
        return new ConsoleSignIn.Opened(ticket);
    }

    /// <summary>The operator of an open session: not expired, not ended, and still named by the setting.</summary>
    public async Task<Operator?> AuthenticateAsync(string? secret, CancellationToken cancellationToken = default) =>
        await FindAsync(ConsoleSessionEntity.SessionPartition, secret, cancellationToken) is { } row ? row.ToOperator() : null;

    /// <summary>Ends a session (signing out). Ending one that is already gone does nothing.</summary>
    public async Task EndAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (!IsSecret(secret))
        {
            return;
        }

        var table = await _table.GetClientAsync(cancellationToken);
        await table.DeleteEntityAsync(ConsoleSessionEntity.SessionPartition, Hash(secret), ETag.All, cancellationToken);
    }

    /// <summary>Whether a value has the shape of a secret this class makes (64 lowercase hexadecimal characters).</summary>
    public static bool IsSecret(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigitLower);

    private async Task<ConsoleSessionEntity?> FindAsync(string partition, string? secret, CancellationToken cancellationToken)
    {
        if (!IsSecret(secret))
        {
            return null;
        }

        var table = await _table.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<ConsoleSessionEntity>(partition, Hash(secret), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.UsedAt is null && row.Value.ExpiresAt > time.GetUtcNow() && operators.Contains(row.Value.OperatorId) ? row.Value : null;
    }

    // Operators sign in a few times a day: each sign-in sweeps the rows that can no longer be used.
    private static async Task PurgeExpiredAsync(TableClient table, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<ConsoleSessionEntity>(e => e.ExpiresAt < now, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
        }
    }

    private static string Hash(string? secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret ?? "")));
}

/// <summary>A request for a console sign-in link as it waits in the mail queue.</summary>
public sealed record QueuedConsoleSignIn(string Email, string Language);
