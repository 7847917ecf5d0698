using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using MmsGateway.Relay.Mail;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Smtp;

// The command half of SmtpSession: one method per verb, each answering with a reply.
internal sealed partial class SmtpSession
{
    // The loop guard reads this much of a message for its Received: fields; a looping message gains a
    // few hundred octets per hop, so a real loop is caught far below it.
    private const int HopScanLimit = 1024 * 1024;

    private void Handle(byte[] line)
    {
        if (!SmtpCommandParser.TryParse(line, out var command, out var refusal))
        {
            if (command.Verb == SmtpVerb.Rcpt && _transaction.Started) _transaction.RefusedRecipients++;
            Error(refusal, Encoding.Latin1.GetString(line.AsSpan(0, Math.Min(line.Length, 4))));
            return;
        }
        var reply = command.Verb switch
        {
            SmtpVerb.Ehlo => Hello(command, extended: true),
            SmtpVerb.Helo => Hello(command, extended: false),
            SmtpVerb.Mail => Mail(command),
            SmtpVerb.Rcpt => Rcpt(command),
            SmtpVerb.Data => Data(command),
            SmtpVerb.Rset => Reset(),
            SmtpVerb.Noop => SmtpReplies.Ok(),
            SmtpVerb.Quit => Quit(),
            SmtpVerb.Help => SmtpReplies.Help,
            SmtpVerb.Vrfy => SmtpReplies.VrfyRefused,
            SmtpVerb.Expn => SmtpReplies.ExpnRefused,
            SmtpVerb.StartTls => StartTls(command),
            _ => SmtpReplies.NotImplemented,      // AUTH, BDAT: not offered in EHLO
        };
        if (reply.IsError) Error(reply, command.Verb.ToString().ToUpperInvariant());
        else Reply(reply);
    }

    private SmtpReply Hello(SmtpCommand command, bool extended)
    {
        var domain = command.Argument.Trim();
        if (domain.Length == 0 || domain.Contains(' ') || domain.Any(c => c < 33 || c > 126))
            return SmtpReplies.SyntaxError("5.5.4", extended ? "EHLO requires a domain or address literal" : "HELO requires a domain");
        _helo = domain;
        _extended = extended;
        _transaction.Clear();
        if (!extended) return new SmtpReply(250, null, _options.Hostname);
        List<string> lines = [_options.Hostname, "PIPELINING", $"SIZE {_options.MaxMessageSize}", "8BITMIME", "ENHANCEDSTATUSCODES"];
        if (_tls.Offered && _tlsProtocol is null) lines.Add("STARTTLS");
        return new SmtpReply(250, null, lines.ToArray());
    }

    private SmtpReply StartTls(SmtpCommand command)
    {
        if (!_tls.Offered) return SmtpReplies.NotImplemented;
        if (command.Argument.Length > 0) return SmtpReplies.SyntaxError("5.5.4", "STARTTLS takes no argument");
        if (_tlsProtocol is not null) return new SmtpReply(503, "5.5.1", "Error: TLS already active");
        if (_transaction.Started) return new SmtpReply(503, "5.5.1", "Error: MAIL transaction in progress");
        _startTls = true;
        return new SmtpReply(220, "2.0.0", "Ready to start TLS");
    }

    private SmtpReply Mail(SmtpCommand command)
    {
        if (_helo is null) return SmtpReplies.NeedHelo;
        if (_tls.Mode == StartTlsMode.Require && _tlsProtocol is null) return SmtpReplies.TlsRequired;
        if (_transaction.Started) return SmtpReplies.NestedMail;
        foreach (var (key, value) in command.Parameters)
        {
            switch (key.ToUpperInvariant())
            {
                case "SIZE":
                    // RFC 1870 §6: refuse at MAIL what would be refused after DATA anyway.
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                        return SmtpReplies.SyntaxError("5.5.4", "SIZE needs a number");
                    if (size > _options.MaxMessageSize) return SmtpReplies.SizeExceeded;
                    break;
                case "BODY":
                    if (!string.Equals(value, "7BIT", StringComparison.OrdinalIgnoreCase) && !string.Equals(value, "8BITMIME", StringComparison.OrdinalIgnoreCase))
                        return SmtpReplies.SyntaxError("5.5.4", "BODY must be 7BIT or 8BITMIME");
                    break;
                default:
                    return new SmtpReply(555, "5.5.4", $"Error: unsupported MAIL parameter {key}");
            }
        }
        if (!_intake.HasFreeSpace()) return SmtpReplies.InsufficientStorage;
        _transaction.Sender = command.Path!;
        return SmtpReplies.SenderOk;
    }

    private SmtpReply Rcpt(SmtpCommand command)
    {
        if (!_transaction.Started) return SmtpReplies.NeedMail;
        if (command.Parameters.Count > 0)
        {
            _transaction.RefusedRecipients++;
            return new SmtpReply(555, "5.5.4", $"Error: unsupported RCPT parameter {command.Parameters.Keys.First()}");
        }
        if (_transaction.Recipients.Count >= _options.MaxRecipients)
        {
            _transaction.RefusedRecipients++;
            return SmtpReplies.TooManyRecipients;
        }
        // Read once per RCPT: a rule committed in the registry applies from the next recipient on.
        var rules = _rules.Current;
        var (sender, recipient) = (_transaction.Sender!, command.Path!);
        var request = new AccessRequest(_address ?? IPAddress.None, sender.Text, sender.Domain, recipient.Text, recipient.Domain);
        if (SmtpReplies.ForAccess(AccessPolicy.CheckRecipient(rules, request)) is { } refused)
        {
            _transaction.RefusedRecipients++;
            _counters.RecipientRefused(rules, command.Path!.Domain);
            return refused;
        }
        _transaction.Recipients.Add(command.Path!);
        return SmtpReplies.RecipientOk;
    }

    private SmtpReply Data(SmtpCommand command)
    {
        if (!_transaction.Started) return SmtpReplies.NeedMail;
        if (_transaction.Recipients.Count == 0)
            return _transaction.RefusedRecipients > 0 ? SmtpReplies.NoValidRecipients : SmtpReplies.NeedRcpt;
        if (command.Argument.Length > 0) return SmtpReplies.SyntaxError("5.5.4", "DATA takes no argument");
        if (!_budget.HasRoom(MessageBuffer.ChunkSize))
        {
            SmtpLog.OverBudget(_log, _peer, _budget.Limit);
            return SmtpReplies.OverMemoryBudget;
        }
        _dataId = _intake.NextId();
        _body = new MessageBuffer(_budget);
        _body.Write(Encoding.ASCII.GetBytes(ReceivedHeader()));
        _data = new DataReader(_options.MaxMessageSize);
        _dataDeadline = Environment.TickCount64 + (long)_options.DataTransferTimeout.TotalMilliseconds;
        return SmtpReplies.StartData;
    }

    // RFC 5321 §4.4: the only change we make to a message is to prepend this trace header.
    private string ReceivedHeader()
    {
        var date = Rfc5322Date.Format(_intake.Clock.GetUtcNow());
        var forClause = _transaction.Recipients.Count == 1 ? $"\r\n\tfor <{_transaction.Recipients[0].Text}>" : "";
        // RFC 3848: "ESMTPS" for a session under TLS; the protocol and cipher as Postfix writes them.
        var tls = _tlsProtocol is null ? "" : $"\r\n\t(using {_tlsProtocol} with cipher {_tlsCipher})";
        var with = (_extended ? "ESMTP" : "SMTP") + (_tlsProtocol is null ? "" : "S");
        return $"Received: from {_helo} ([{_peerLiteral}]){tls}\r\n\tby {_options.Hostname} with {with} id {_dataId}{forClause};\r\n\t{date}\r\n";
    }

    private async Task FinishDataAsync()
    {
        var defects = _data!.Defects;
        var body = _body!;
        _data = null;
        _body = null;
        try
        {
            if (defects != DataDefect.None)
            {
                body.Dispose();
                if (defects == DataDefect.OverBudget) SmtpLog.OverBudget(_log, _peer, _budget.Limit);
                Error(Refusal(defects), "DATA");
                return;
            }
            // Our own Received: is the first; the loop guard counts those the message came with.
            // RFC 5321 §6.3 (sendmail's MaxHopCount, Postfix's hopcount_limit), counted within HopScanLimit.
            var headers = SpooledHeaders.Read(body.Segments(), HopScanLimit);
            var hops = headers.CountOf("Received") - 1;
            if (hops > _options.MaxHops)
            {
                body.Dispose();
                Error(SmtpReplies.TooManyHops(hops, _options.MaxHops), "DATA");
                return;
            }
            if (Mm4Refusal(headers, body.Length) is { } refusal)
            {
                body.Dispose();
                Error(refusal, "DATA");
                return;
            }
            var message = new QueuedMessage(_dataId, _intake.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
                _transaction.Sender!.Text, _peer, _helo!, body.Length);
            message.SetRecipients(_transaction.Recipients.Select(r => (r.Text, DomainNames.Share(r.Domain))).ToList());
            try
            {
                await _intake.AcceptAsync(message, body).ConfigureAwait(false);
            }
            catch (SpoolUnavailableException e)
            {
                SmtpLog.CommitFailed(_log, _dataId.ToString(), e.Message);
                Reply(SmtpReplies.QueueUnavailable);
                return;
            }
            SmtpLog.Accepted(_log, _dataId.ToString(), message.Sender, message.Size, message.Recipients.Length, _peer, _tlsProtocol ?? "none");
            if (_accepted.HasSubscribers)
                _accepted.Publish(new MessageAccepted(DateTimeOffset.FromUnixTimeMilliseconds(message.ReceivedAtMs), _dataId.ToString(), message.Sender,
                    message.Size, message.Recipients.Length, _peer, _tlsProtocol ?? "none", headers.First("Message-ID")?.Trim())
                {
                    Headers = headers,
                    To = _transaction.Recipients.Select(r => r.Text).ToArray(),
                });
            Reply(SmtpReplies.Queued(_dataId.ToString()));
        }
        finally
        {
            _transaction.Clear();
        }
    }

    // Only for a partner whose reject mode is on (Route.LintReject); for all others the lint runs in the
    // ledger, after the 250, and only counts.
    private SmtpReply? Mm4Refusal(SpooledHeaders headers, long size)
    {
        var rules = _rules.Current;
        if (!rules.AnyLintReject || Mm4Classifier.Classify(headers) is not { } mm4) return null;
        var parties = TrafficParties.Of(rules, _address, _transaction.Sender!.Domain, _transaction.Recipients[0].Domain);
        if (parties.PartnerRoute is not { LintReject: true } route) return null;
        var context = new LintContext(_transaction.Sender.Text, _transaction.Recipients.Select(r => r.Text).ToList(), size)
        {
            MaxSize = route.MaxMessageSize,
            SenderDomainExceptions = _mm4.SenderDomainExceptions,
        };
        return Mm4Lint.Check(mm4, context).Counted().FirstOrDefault() is { } finding ? SmtpReplies.Mm4LintRefused(finding.Rule, finding.Text) : null;
    }

    private static SmtpReply Refusal(DataDefect defects) =>
        defects.HasFlag(DataDefect.TooBig) ? SmtpReplies.SizeExceeded
        : defects.HasFlag(DataDefect.OverBudget) ? SmtpReplies.OverMemoryBudget
        : defects.HasFlag(DataDefect.BareLineEnding) ? SmtpReplies.DataBareLineEnding
        : defects.HasFlag(DataDefect.Nul) ? SmtpReplies.DataNul
        : SmtpReplies.DataLineTooLong;

    private SmtpReply Reset()
    {
        _transaction.Clear();
        return SmtpReplies.Ok();
    }

    private SmtpReply Quit()
    {
        _close = true;
        return SmtpReplies.Closing(_options.Hostname);
    }
}
