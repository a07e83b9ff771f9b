// Bytes on the wire of what sentinels, instances and Sentinel clients say to each other, as RESP
// (REDIS-MODEL §8), and the executor time it costs. Addresses are written as "10.0.0.1"/"6379", run
// ids as 40 hex characters, the master name as "mymaster". INFO's reply is an estimate of Redis 7's
// default sections (server … keyspace, ≈ 4 KB) plus one line per connected replica.

/** "*1\r\n$4\r\nPING\r\n" and "+PONG\r\n". */
export const PING_BYTES = 14;
export const PONG_BYTES = 7;
/** "*1\r\n$4\r\nINFO\r\n"; the reply's bulk string: ≈ 4 KB + "slave0:ip=…,port=6379,state=online,offset=…,lag=0\r\n" per replica. */
export const INFO_BYTES = 14;
const INFO_REPLY_BYTES = 4000;
const INFO_PER_REPLICA_BYTES = 75;
export const infoReplyBytes = (replicas: number): number => INFO_REPLY_BYTES + INFO_PER_REPLICA_BYTES * replicas;
/** The hello payload "ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch" with real addresses. */
const HELLO_PAYLOAD_BYTES = 110;
/** PUBLISH __sentinel__:hello <payload> as RESP: "*3\r\n$7\r\nPUBLISH\r\n$18\r\n__sentinel__:hello\r\n$110\r\n" + payload + "\r\n". */
export const PUBLISH_BYTES = 4 + 13 + 25 + 6 + HELLO_PAYLOAD_BYTES + 2;
/** ":3\r\n": the number of receivers. */
export const PUBLISH_REPLY_BYTES = 4;
/** The pub/sub message a subscribed sentinel receives: "*3\r\n$7\r\nmessage\r\n$18\r\n__sentinel__:hello\r\n$110\r\n…\r\n". */
export const HELLO_MESSAGE_BYTES = 4 + 13 + 25 + 6 + HELLO_PAYLOAD_BYTES + 2;
/** SENTINEL is-master-down-by-addr <ip> <port> <epoch> <runid | *>, and its reply [down, leader runid | *, leader epoch]. */
export const askBytes = (withRunId: boolean): number => 4 + 14 + 29 + 14 + 10 + 7 + (withRunId ? 47 : 7);
export const askReplyBytes = (withLeader: boolean): number => 4 + 4 + (withLeader ? 47 : 7) + 4;
/** MULTI; REPLICAOF NO ONE | <ip> <port>; CONFIG REWRITE; CLIENT KILL TYPE normal; CLIENT KILL TYPE pubsub; EXEC. */
export const replicaofBytes = (noOne: boolean): number => 15 + (noOne ? 36 : 43) + 29 + 48 + 48 + 14;
/** +OK, four +QUEUED and EXEC's array of results. */
export const REPLICAOF_REPLY_BYTES = 5 + 36 + 22;
/** SENTINEL get-master-addr-by-name mymaster, and its reply ["10.0.0.1", "6379"]. */
export const GET_ADDR_BYTES = 62;
export const GET_ADDR_REPLY_BYTES = 28;

/** Extra executor time of INFO (building ≈ 4 KB of text), of CONFIG REWRITE (write + fsync of the config file), estimates. */
export const INFO_EXTRA_NS = 20_000;
export const CONFIG_REWRITE_NS = 1_000_000;
/** Sentinel process time per message handled, and per instance visited by its timer, estimates. */
export const SENTINEL_MESSAGE_NS = 3_000;
export const SENTINEL_TIMER_PER_INSTANCE_NS = 500;
