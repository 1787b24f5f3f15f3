//! An anchored trie over the gazetteer's folded keys: the tagger's matcher.
//!
//! The tagger only ever asks one question of its matcher: *which keys are prefixes of the text
//! from this word start on?* It walks from a word start, byte by byte, and stops at the first
//! byte no key continues with. An Aho-Corasick automaton answers that question too, but most of
//! its construction goes into failure transitions, the links that let an *unanchored* scan
//! resume after a mismatch, which an anchored walk never follows; and its build has shapes of
//! keys for which it is quadratic, which had to be kept in check by splitting the keys into
//! shards. A trie is exactly the part of the automaton the walks use.
//!
//! The keys arrive sorted (the tagger sorts them to group the forms of each key), and a trie
//! over sorted keys is built in one pass, linear in their total length, without a hash map or a
//! per-node allocation: the keys under a node are a contiguous range of the sorted list, its
//! children are the runs of that range that share their next byte, and the shortest key of the
//! range, if it ends at the node, comes first. Nodes are laid out so that each node's outgoing
//! edges are adjacent and sorted by label: a step is a short scan (or a binary search, for the
//! few nodes with many children) over a few contiguous bytes. The root, where every walk
//! starts, has a table of 256 entries instead.

/// A node of the trie.
pub type NodeId = u32;

/// The node every walk starts from.
pub const ROOT: NodeId = 0;

/// A node's key index when no key ends there.
const NO_KEY: u32 = u32::MAX;

/// An edge count from which a step binary-searches the labels instead of scanning them.
const SCAN_EDGES: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Node {
    /// Index in `labels` and `targets` of the node's first outgoing edge.
    first_edge: u32,
    /// How many edges leave the node (at most 256).
    edge_count: u16,
    /// The index of the key that ends at this node, or [`NO_KEY`].
    key: u32,
}

/// An anchored trie over a sorted list of distinct byte strings.
#[derive(Debug, Clone)]
pub struct Trie {
    nodes: Vec<Node>,
    /// Edge labels: each node's are adjacent and ascending.
    labels: Vec<u8>,
    /// The node each edge leads to.
    targets: Vec<NodeId>,
    /// The root's child for each byte (`NO_NODE` when none): the first step of every walk.
    root_children: Box<[NodeId; 256]>,
}

/// `root_children` entry for a byte that starts no key (the root is no node's child).
const NO_NODE: NodeId = ROOT;

/// The trie would need more nodes or keys than a `u32` counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge;

impl Trie {
    /// The trie of `keys`, which must be sorted in ascending byte order without duplicates;
    /// key `i` of the list is reported as `i` by [`Trie::key`]. Empty keys are never matched.
    pub fn from_sorted<K: AsRef<[u8]>>(keys: &[K]) -> Result<Trie, TooLarge> {
        debug_assert!(keys.windows(2).all(|w| w[0].as_ref() < w[1].as_ref()));
        let count = |n: usize| u32::try_from(n).map_err(|_| TooLarge);
        count(keys.len())?;
        let key = |i: usize| keys[i].as_ref();
        let mut trie = Trie {
            nodes: vec![Node {
                first_edge: 0,
                edge_count: 0,
                key: NO_KEY,
            }],
            labels: Vec::new(),
            targets: Vec::new(),
            root_children: Box::new([NO_NODE; 256]),
        };
        // the work left: a node, the range of keys under it, and its depth. An explicit stack,
        // not recursion: a key can be as long as a gazetteer line
        let mut pending: Vec<(NodeId, usize, usize, usize)> = vec![(ROOT, 0, keys.len(), 0)];
        while let Some((node, mut lo, hi, depth)) = pending.pop() {
            // every key of the range starts with the node's path; only the first can end here
            if lo < hi && key(lo).len() == depth {
                if node != ROOT {
                    trie.nodes[node as usize].key = lo as u32;
                }
                lo += 1;
            }
            let first_edge = count(trie.labels.len())?;
            let mut start = lo;
            while start < hi {
                let label = key(start)[depth];
                let mut end = start + 1;
                while end < hi && key(end)[depth] == label {
                    end += 1;
                }
                let child = count(trie.nodes.len())?;
                trie.nodes.push(Node {
                    first_edge: 0,
                    edge_count: 0,
                    key: NO_KEY,
                });
                trie.labels.push(label);
                trie.targets.push(child);
                if node == ROOT {
                    trie.root_children[usize::from(label)] = child;
                }
                pending.push((child, start, end, depth + 1));
                start = end;
            }
            let edge_count = trie.labels.len() - first_edge as usize;
            let entry = &mut trie.nodes[node as usize];
            entry.first_edge = first_edge;
            // a node's edges have distinct labels: at most 256
            entry.edge_count = edge_count as u16;
        }
        Ok(trie)
    }

    /// The node reached from `node` by `byte`, if a key continues that way.
    #[inline]
    pub fn step(&self, node: NodeId, byte: u8) -> Option<NodeId> {
        if node == ROOT {
            let child = self.root_children[usize::from(byte)];
            return (child != NO_NODE).then_some(child);
        }
        let Node {
            first_edge,
            edge_count,
            ..
        } = self.nodes[node as usize];
        let (first, count) = (first_edge as usize, usize::from(edge_count));
        let labels = &self.labels[first..first + count];
        let found = if count < SCAN_EDGES {
            labels.iter().position(|&label| label == byte)
        } else {
            labels.binary_search(&byte).ok()
        };
        found.map(|edge| self.targets[first + edge])
    }

    /// The index of the key that ends at `node`, if one does.
    #[inline]
    pub fn key(&self, node: NodeId) -> Option<usize> {
        let key = self.nodes[node as usize].key;
        (key != NO_KEY).then_some(key as usize)
    }

    /// The keys that are prefixes of `text`, as (key index, length), shortest first.
    #[cfg(test)]
    pub fn prefixes_of<'t>(&'t self, text: &'t [u8]) -> impl Iterator<Item = (usize, usize)> + 't {
        let mut node = Some(ROOT);
        text.iter()
            .enumerate()
            .map_while(move |(offset, &byte)| {
                node = self.step(node?, byte);
                Some(node.map(|n| (self.key(n), offset + 1)))
            })
            .flatten()
            .filter_map(|(key, length)| Some((key?, length)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The keys of `keys` that are prefixes of `text`, by definition.
    fn prefixes_by_definition(keys: &[Vec<u8>], text: &[u8]) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = keys
            .iter()
            .enumerate()
            .filter(|(_, key)| !key.is_empty() && text.starts_with(key))
            .map(|(index, key)| (index, key.len()))
            .collect();
        found.sort_by_key(|&(_, length)| length);
        found
    }

    fn trie_of(words: &[&str]) -> (Vec<Vec<u8>>, Trie) {
        let mut keys: Vec<Vec<u8>> = words.iter().map(|w| w.as_bytes().to_vec()).collect();
        keys.sort();
        keys.dedup();
        let trie = Trie::from_sorted(&keys).expect("small");
        (keys, trie)
    }

    #[test]
    fn finds_every_key_that_starts_the_text() {
        let (keys, trie) = trie_of(&["real", "real madrid", "real sociedad", "roma", "r"]);
        let found: Vec<&[u8]> = trie
            .prefixes_of(b"real madrid cf")
            .map(|(key, _)| keys[key].as_slice())
            .collect();
        assert_eq!(found, [&b"r"[..], b"real", b"real madrid"]);
        assert_eq!(trie.prefixes_of(b"rom").count(), 1);
        assert_eq!(trie.prefixes_of(b"milan").count(), 0);
        assert_eq!(trie.prefixes_of(b"").count(), 0);
    }

    #[test]
    fn empty_key_list_and_empty_key() {
        let trie = Trie::from_sorted::<&[u8]>(&[]).expect("empty");
        assert_eq!(trie.prefixes_of(b"anything").count(), 0);
        let (_, trie) = trie_of(&["", "a"]);
        assert_eq!(trie.prefixes_of(b"ab").collect::<Vec<_>>(), [(1, 1)]);
    }

    #[test]
    fn a_node_with_every_byte_as_child() {
        // more children than a scan serves: the binary search
        let keys: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b'x', b]).collect();
        let trie = Trie::from_sorted(&keys).expect("small");
        for byte in 0..=255u8 {
            assert_eq!(
                trie.prefixes_of(&[b'x', byte, b'y']).collect::<Vec<_>>(),
                [(usize::from(byte), 2)]
            );
        }
    }

    #[test]
    fn long_keys_do_not_recurse() {
        let keys = vec![vec![b'a'; 200_000]];
        let trie = Trie::from_sorted(&keys).expect("one key");
        assert_eq!(
            trie.prefixes_of(&keys[0]).collect::<Vec<_>>(),
            [(0, 200_000)]
        );
    }

    proptest! {
        #[test]
        fn walks_find_exactly_the_prefixes(
            words in proptest::collection::vec(proptest::collection::vec(0u8..4, 0..6), 0..40),
            text in proptest::collection::vec(0u8..4, 0..10),
        ) {
            let mut keys = words;
            keys.sort();
            keys.dedup();
            let trie = Trie::from_sorted(&keys).expect("small");
            prop_assert_eq!(
                trie.prefixes_of(&text).collect::<Vec<_>>(),
                prefixes_by_definition(&keys, &text)
            );
        }
    }
}
