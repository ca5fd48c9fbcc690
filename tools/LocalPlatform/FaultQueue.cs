namespace LocalPlatform;

public enum FaultRoute
{
    Any,
    Auth,
    Presign,
    Files,
}

public sealed record Fault(FaultRoute Route, int Status, int Count, int? RetryAfterSeconds, int DelayMs, int AfterCount, string? Body = null)
{
    public bool Matches(ContractRoute route) => Route switch
    {
        FaultRoute.Any => route != ContractRoute.Other,
        FaultRoute.Auth => route == ContractRoute.Auth,
        FaultRoute.Presign => route == ContractRoute.Presign,
        FaultRoute.Files => route == ContractRoute.Files,
        _ => false,
    };
}

public sealed class FaultQueue
{
    private readonly Lock gate = new();
    private readonly List<PendingFault> pending = [];

    public int Add(Fault fault)
    {
        lock (gate)
        {
            pending.Add(new PendingFault(fault));
            return pending.Count;
        }
    }

    // The first queued fault for the route owns the call: it either lets it through (afterCount) or fires.
    public Fault? Take(ContractRoute route)
    {
        lock (gate)
        {
            var match = pending.FirstOrDefault(candidate => candidate.Fault.Matches(route));
            if (match is null)
            {
                return null;
            }
            if (match.SkipsLeft > 0)
            {
                match.SkipsLeft--;
                return null;
            }
            if (--match.FiresLeft == 0)
            {
                pending.Remove(match);
            }
            return match.Fault;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            pending.Clear();
        }
    }

    private sealed class PendingFault(Fault fault)
    {
        public Fault Fault { get; } = fault;

        public int SkipsLeft { get; set; } = fault.AfterCount;

        public int FiresLeft { get; set; } = fault.Count;
    }
}
