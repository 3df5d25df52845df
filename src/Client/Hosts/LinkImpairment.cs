using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace KeypointGrains.Client.Hosts;

/// <summary>
/// Latency and loss on every packet a host sends into its network, made without netem (which the kernel here lacks). In
/// the host's namespace, policy routing sends packets for the network's block to a TUN device; this process reads them,
/// drops a share at random (seeded), holds the rest for the delay (uniform within ± jitter, kept in order as on a wire)
/// and sends them on through a raw socket whose mark routes them past the TUN device, out of the host's own interface.
/// Like netem on a host's interface it acts on what the host sends; what it receives comes straight.
/// </summary>
internal sealed partial class LinkImpairment : IDisposable
{
    private const string Device = "kgslow";
    private const int Mark = 0x4b47, Table = 75, RulePriority = 100;
    private readonly string ns;
    private readonly int tun;
    private readonly Socket sender;
    private readonly Channel<(byte[] Packet, long SendAt)> held = Channel.CreateUnbounded<(byte[], long)>(new() { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stop = new();
    private readonly Thread reading, sending;
    private readonly Random random;
    private readonly TimeSpan delay, jitter;
    private readonly double loss;
    private long relayed, dropped;
    private bool disposed;

    private LinkImpairment(string ns, int tun, Socket sender, TimeSpan delay, TimeSpan jitter, double loss, int seed)
    {
        this.ns = ns;
        this.tun = tun;
        this.sender = sender;
        this.delay = delay;
        this.jitter = jitter;
        this.loss = loss;
        random = new Random(seed);
        reading = new Thread(Read) { IsBackground = true, Name = $"impair {ns} read" };
        sending = new Thread(Send) { IsBackground = true, Name = $"impair {ns} send" };
    }

    /// <summary>Packets sent on after their delay, and packets dropped, so far.</summary>
    public (long Relayed, long Dropped) Packets => (Interlocked.Read(ref relayed), Interlocked.Read(ref dropped));

    /// <summary>
    /// Impairs what namespace <paramref name="ns"/> (address <paramref name="address"/>) sends to <paramref name="block"/>
    /// (CIDR): each packet is lost with probability <paramref name="loss"/>, or held <paramref name="delay"/> ± <paramref name="jitter"/>.
    /// </summary>
    public static LinkImpairment Start(string ns, string address, string block, TimeSpan delay, TimeSpan jitter, double loss, int seed)
    {
        if (jitter < TimeSpan.Zero || jitter > delay) throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "From 0 to the delay.");
        if (loss is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(loss), loss, "A share from 0 to 1.");
        var (tun, sender) = OpenIn(ns);
        var impairment = new LinkImpairment(ns, tun, sender, delay, jitter, loss, seed);
        try
        {
            NetworkHosts.Ip(ns, "link", "set", Device, "up");
            NetworkHosts.Ip(ns, "route", "add", block, "dev", Device, "src", address, "table", $"{Table}");
            impairment.reading.Start();
            impairment.sending.Start();
            // Last: from here on the host's packets take the detour; those this process sends carry the mark and do not.
            NetworkHosts.Ip(ns, "rule", "add", "not", "fwmark", $"{Mark}", "table", $"{Table}", "pref", $"{RulePriority}");
            return impairment;
        }
        catch
        {
            impairment.Dispose();
            throw;
        }
    }

    /// <summary>Takes the detour away first (packets go straight again), then sends what is still held and closes the device.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        NetworkHosts.TryIp(ns, "rule", "del", "pref", $"{RulePriority}");
        stop.Cancel();
        if (reading.IsAlive) reading.Join();
        held.Writer.TryComplete();
        if (sending.IsAlive) sending.Join();
        sender.Dispose();
        // The device is not persistent: closing it removes it, and its routes with it.
        Close(tun);
    }

    /// <summary>The TUN device and the raw socket, both made inside <paramref name="ns"/> by a thread that enters it and leaves.</summary>
    private static (int Tun, Socket Sender) OpenIn(string ns)
    {
        (int, Socket)? opened = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            // setns moves only the calling thread: this one, made for it, goes back before it ends.
            // Close-on-exec, all of them: a process started meanwhile (a silo, ip) must not inherit the device and keep it alive.
            int home = Open("/proc/thread-self/ns/net", ReadOnly | CloseOnExec), there = Open($"/run/netns/{ns}", ReadOnly | CloseOnExec);
            int tun = -1;
            try
            {
                if (home < 0 || there < 0) throw Failed($"open the network namespace {ns}");
                if (SetNs(there, NewNet) != 0) throw Failed($"enter the network namespace {ns}");
                try
                {
                    tun = Open("/dev/net/tun", ReadWrite | CloseOnExec);
                    if (tun < 0) throw Failed("open /dev/net/tun");
                    var request = new byte[40];
                    System.Text.Encoding.ASCII.GetBytes(Device).CopyTo(request, 0);
                    BitConverter.GetBytes(TunFlags).CopyTo(request, 16);
                    if (Ioctl(tun, TunSetInterface, request) != 0) throw Failed($"make the TUN device {Device} in {ns}");
                    // IPPROTO_RAW: the packet carries its own IP header, and the mark routes it by the main table.
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw);
                    socket.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(Mark));
                    opened = (tun, socket);
                }
                finally
                {
                    if (SetNs(home, NewNet) != 0) Environment.FailFast($"A thread could not leave the network namespace {ns}.");
                }
            }
            catch (Exception error)
            {
                if (tun >= 0) Close(tun);
                failure = error;
            }
            finally
            {
                if (home >= 0) Close(home);
                if (there >= 0) Close(there);
            }
        });
        thread.Start();
        thread.Join();
        return opened ?? throw new InvalidOperationException($"Cannot impair {ns}'s link: {failure?.Message}", failure);
    }

    private void Read()
    {
        var buffer = new byte[65536];
        var ready = new PollFd { Fd = tun, Events = PollIn };
        while (!stop.IsCancellationRequested)
        {
            // A bounded wait, so that a stop is seen without a packet to wake the read.
            if (Poll(ref ready, 1, 100) <= 0) continue;
            var length = ReadFd(tun, buffer, (nuint)buffer.Length);
            // Only IPv4 is routed here; the rest is the device's own IPv6 chatter as it comes up.
            if (length < 20 || buffer[0] >> 4 != 4) continue;
            if (random.NextDouble() < loss)
            {
                Interlocked.Increment(ref dropped);
                continue;
            }
            var hold = delay + (2 * random.NextDouble() - 1) * jitter;
            held.Writer.TryWrite((buffer[..(int)length], Stopwatch.GetTimestamp() + (long)(hold.TotalSeconds * Stopwatch.Frequency)));
        }
    }

    private void Send()
    {
        long last = 0;
        var reader = held.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            while (reader.TryRead(out var item))
            {
                // In order, as on a wire: a packet never overtakes the one before it.
                last = Math.Max(last, item.SendAt);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), last);
                if (wait > TimeSpan.Zero && !stop.IsCancellationRequested) Thread.Sleep(wait);
                var destination = new IPAddress(item.Packet.AsSpan(16, 4));
                try
                {
                    sender.SendTo(item.Packet, new IPEndPoint(destination, 0));
                    Interlocked.Increment(ref relayed);
                }
                catch (SocketException)
                {
                    // As a link would: a packet that cannot go on is lost, and the sender's protocol sends it again.
                    Interlocked.Increment(ref dropped);
                }
            }
    }

    private static InvalidOperationException Failed(string what) =>
        new($"could not {what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    private const int ReadOnly = 0, ReadWrite = 2, CloseOnExec = 0x80000, NewNet = 0x40000000, SolSocket = 1, SoMark = 36;
    private const short PollIn = 1;
    // IFF_TUN | IFF_NO_PI: IP packets as they are, with no header of the device's own.
    private const short TunFlags = 0x0001 | 0x1000;
    private const uint TunSetInterface = 0x400454ca;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int type);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, byte[] argument);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, [Out] byte[] buffer, nuint count);
}
