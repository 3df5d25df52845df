namespace KeypointGrains.Client.Load;

/// <summary>One request of a load run: when it started and ended (seconds into the run) and how it went.</summary>
public readonly record struct LoadSample(double Start, double End, bool Failed, bool Wrong, bool Degraded, int Attempts, double Error)
{
    public double Milliseconds => (End - Start) * 1000;
}
