using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Tests.Ledger;

public class CorrelatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TrafficParties ToThree = new("Three", TrafficDirection.Outbound, null, "local", "Three");
    private static readonly TrafficParties FromThree = new("Three", TrafficDirection.Inbound, null, "Three", "local");
    private readonly LedgerWorkingSet _set = new();
    private readonly LedgerCounts _counts = new();

    private static ObservedMessage Message(string type, TrafficParties parties, string queueId, DateTimeOffset at, string? tid = "T1",
        string? mid = "M1", string? status = null, string ack = "Yes", string? mmStatus = null, string? report = null) =>
        new(at, queueId, new Mm4Message(Mm4MessageType.Parse(type))
        {
            TransactionId = tid, MessageId = mid, Version = "6.3.0", AckRequest = ack, RequestStatus = status, MmStatus = mmStatus,
            DeliveryReport = report, From = "+4587654321/TYPE=PLMN", To = ["+4512345678/TYPE=PLMN"],
        }, parties, 1234, TimeSpan.FromMinutes(10), []);

    private void Apply(LedgerObservation o) => Correlator.Apply(o, _set, _counts);

    private long Count(string name) => _counts.Get("Three", TrafficDirection.Outbound, name);

    private LedgerRow Only() => Assert.Single(_set.Rows);

    [Fact]
    public void A_forward_is_handed_over_then_answered_by_transaction_id()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0));
        Assert.Equal(TransactionState.Undelivered, Only().State);
        Apply(new ObservedHandOver(T0.AddSeconds(1), "Q1"));
        Assert.Equal(TransactionState.AwaitingResponse, Only().State);
        Assert.Equal(T0.AddSeconds(1).AddMinutes(10).ToUnixTimeMilliseconds(), Only().Deadline);
        Apply(Message("MM4_Forward.RES", FromThree, "Q2", T0.AddSeconds(3), mid: null, status: "Ok"));
        var row = Only();
        Assert.Equal(TransactionState.Answered, row.State);
        Assert.Equal("Ok", row.ResponseStatus);
        Assert.Equal(2000, row.LatencyMs);
        Assert.Equal("Q2", row.ResponseQueueId);
        Assert.Equal("4512345678", row.RecipientKey);
        Assert.Equal((1, 1, 1, 1), (Count(LedgerCounter.Sent), Count(LedgerCounter.Answered), Count("status:Ok"), Count("latency:2")));
    }

    [Fact]
    public void A_res_falls_back_to_the_message_id()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0));
        Apply(new ObservedHandOver(T0, "Q1"));
        Apply(Message("MM4_forward.RES", FromThree, "Q2", T0.AddSeconds(1), tid: "other", status: "Error-service-denied"));
        Assert.Equal(TransactionState.Answered, Only().State);
        Assert.Equal(1, Count("status:Error-service-denied"));
    }

    [Fact]
    public void A_res_from_another_partner_or_the_same_direction_does_not_match()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0));
        Apply(Message("MM4_forward.RES", new TrafficParties("Telia", TrafficDirection.Inbound, null, "Telia", "local"), "Q2", T0, status: "Ok"));
        Apply(Message("MM4_forward.RES", ToThree, "Q3", T0, status: "Ok"));
        Assert.Equal(3, _set.Rows.Count());
        Assert.Equal(2, _set.Rows.Count(r => r.State == TransactionState.Unmatched));
    }

    [Fact]
    public void An_unmatched_res_is_kept_and_counted()
    {
        Apply(Message("MM4_forward.RES", FromThree, "Q9", T0, status: "Ok"));
        var row = Only();
        Assert.Equal(TransactionState.Unmatched, row.State);
        Assert.True(row.IsResponse);
        Assert.Equal(TrafficDirection.Inbound, row.Direction);
        Assert.Equal(1, Count(LedgerCounter.Unmatched));
    }

    [Fact]
    public void A_resent_req_is_another_attempt_of_the_same_row()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0));
        Apply(Message("MM4_forward.REQ", ToThree, "Q5", T0.AddMinutes(5)));
        var row = Only();
        Assert.Equal(2, row.Attempts);
        Assert.Equal("Q5", row.QueueId);
        Assert.Equal((1, 1), (Count(LedgerCounter.Accepted), Count(LedgerCounter.Resent)));
    }

    [Fact]
    public void The_hand_over_of_a_resend_finds_the_row_under_its_new_queue_id()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0));
        Apply(Message("MM4_forward.REQ", ToThree, "Q5", T0.AddMinutes(5)));

        Apply(new ObservedHandOver(T0.AddMinutes(5).AddSeconds(1), "Q5"));

        Assert.Equal(TransactionState.AwaitingResponse, Only().State);
        Assert.Empty(_set.RequestsQueuedAs("Q1"));
    }

    [Fact]
    public void A_res_before_its_req_is_adopted_when_the_req_appears()
    {
        Apply(Message("MM4_forward.RES", FromThree, "Q2", T0.AddSeconds(2), status: "Ok"));
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0));
        var row = Only();
        Assert.False(row.IsResponse);
        Assert.Equal(TransactionState.Answered, row.State);
        Assert.Equal(0, Count(LedgerCounter.Unmatched));
        Apply(new ObservedHandOver(T0.AddSeconds(1), "Q1"));
        Assert.Equal(TransactionState.Answered, Only().State);
        Assert.Equal(1000, Only().LatencyMs);
        Assert.Equal((1, 1), (Count(LedgerCounter.Sent), Count(LedgerCounter.Answered)));
    }

    [Fact]
    public void No_res_in_time_is_missing_and_a_res_after_it_is_late()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0));
        Apply(new ObservedHandOver(T0, "Q1"));
        var row = Only();
        Correlator.Expire(row, T0.AddMinutes(9).ToUnixTimeMilliseconds(), _set, _counts);
        Assert.Equal(TransactionState.AwaitingResponse, row.State);
        Correlator.Expire(row, T0.AddMinutes(10).ToUnixTimeMilliseconds(), _set, _counts);
        Assert.Equal(TransactionState.Missing, row.State);
        Correlator.Expire(row, T0.AddMinutes(11).ToUnixTimeMilliseconds(), _set, _counts);
        Apply(Message("MM4_forward.RES", FromThree, "Q2", T0.AddMinutes(12), status: "Ok"));
        Assert.Equal(TransactionState.Late, row.State);
        Assert.Equal(12 * 60_000, row.LatencyMs);
        Assert.Equal((1, 1, 0), (Count(LedgerCounter.Missing), Count(LedgerCounter.Late), Count(LedgerCounter.Answered)));
    }

    [Fact]
    public void A_second_res_changes_nothing()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0));
        Apply(new ObservedHandOver(T0, "Q1"));
        Apply(Message("MM4_forward.RES", FromThree, "Q2", T0.AddSeconds(1), status: "Ok"));
        Apply(Message("MM4_forward.RES", FromThree, "Q3", T0.AddSeconds(2), status: "Error-unspecified"));
        Assert.Equal("Ok", Only().ResponseStatus);
        Assert.Equal(1, Count(LedgerCounter.Answered));
    }

    [Fact]
    public void Without_an_ack_request_no_res_is_expected()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0, ack: "No"));
        Apply(new ObservedHandOver(T0, "Q1"));
        Assert.Equal(TransactionState.NotExpected, Only().State);
        Assert.Null(Only().Deadline);
    }

    [Fact]
    public void A_bounce_keeps_the_req_undelivered_with_its_reason()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0));
        Apply(new ObservedHandOver(T0, "Q1", "Bounced: 550 5.1.1 no such user"));
        Assert.Equal(TransactionState.Undelivered, Only().State);
        Assert.Contains("550", Only().LastError);
        Assert.Equal(1, Count(LedgerCounter.Bounced));
    }

    [Fact]
    public void A_delivery_report_joins_its_forward_by_message_id()
    {
        Apply(Message("MM4_forward.REQ", ToThree, "Q1", T0, report: "Yes"));
        Apply(new ObservedHandOver(T0, "Q1"));
        Apply(Message("MM4_Delivery_report.REQ", FromThree, "Q7", T0.AddMinutes(1), tid: "DR1", mmStatus: "Retrieved"));
        var forward = _set.Rows.Single(r => r.Kind == Mm4Kind.Forward);
        Assert.Equal("Retrieved", forward.ReportStatus);
        Assert.Equal("Q7", forward.ReportQueueId);
        var report = _set.Rows.Single(r => r.Kind == Mm4Kind.DeliveryReport);
        Assert.Equal(TrafficDirection.Inbound, report.Direction);
        Assert.Equal((1, 1, 1), (Count(LedgerCounter.ReportsAsked), Count(LedgerCounter.ReportsReceived), Count("report:Retrieved")));
    }

    [Fact]
    public void A_transit_res_matches_the_req_it_answers()
    {
        var req = new TrafficParties("Three", TrafficDirection.Transit, null, "Telia", "Three");
        var res = new TrafficParties("Telia", TrafficDirection.Transit, null, "Three", "Telia");
        Apply(Message("MM4_forward.REQ", req, "Q1", T0));
        Apply(new ObservedHandOver(T0, "Q1"));
        Apply(Message("MM4_forward.RES", res, "Q2", T0.AddSeconds(1), status: "Ok"));
        Assert.Equal(TransactionState.Answered, Only().State);
    }

    [Fact]
    public void Quantiles_interpolate_inside_buckets()
    {
        var counts = new Dictionary<double, long> { [1] = 50, [2] = 50 };
        Assert.Equal(1, LatencyBuckets.Quantile(counts, 0.5));
        Assert.Equal(1.9, LatencyBuckets.Quantile(counts, 0.95)!.Value, 3);
        Assert.Null(LatencyBuckets.Quantile(new Dictionary<double, long>(), 0.5));
    }
}
