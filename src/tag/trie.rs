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
//! range, if it ends at the node, comes first.
//!
//! A walk is a chain of dependent memory reads, and most walks start at a word the cache has not
//! seen lately: the layout is what makes a step cheap. Each node is one record of one byte
//! array: its key, its edge count, its edge labels (sorted) and the offsets of its children,
//! so that a step reads one place, not a node table, a label table and a target table apart
//! (three cache misses a step, where a record is one). Records are in the order the build
//! visits the nodes, depth first, so a chain of single children (the tail of most names) is
//! read straight through. A step is a short scan of the labels (or a binary search, for the
//! few nodes with many children). The root, where every walk starts, has a table of 256
//! entries instead.

/// A node of the trie: the offset of its record in [`Trie`]'s arena.
pub type NodeId = u32;

/// The node every walk starts from.
pub const ROOT: NodeId = 0;

/// A node's key index when no key ends there.
const NO_KEY: u32 = u32::MAX;

/// An edge count from which a step binary-searches the labels instead of scanning them.
const SCAN_EDGES: usize = 16;

/// The bytes of a record before its labels: the key (`u32`) and the edge count (`u16`).
const RECORD_HEAD: usize = 6;

/// A node while the trie is built: its edges are in the builder's label and target lists.
#[derive(Debug, Clone, Copy)]
struct BuildNode {
    first_edge: u32,
    edge_count: u16,
    key: u32,
}

/// An anchored trie over a sorted list of distinct byte strings.
#[derive(Debug, Clone)]
pub struct Trie {
    /// The node records, little-endian: key (`u32`, [`NO_KEY`] when none), edge count
    /// (`u16`), the labels (a byte each, ascending), then each edge's child (`u32` offset).
    arena: Vec<u8>,
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
        let mut nodes = vec![BuildNode {
            first_edge: 0,
            edge_count: 0,
            key: NO_KEY,
        }];
        let mut labels: Vec<u8> = Vec::new();
        let mut targets: Vec<u32> = Vec::new();
        // the nodes in the order they are visited (depth first), the order of their records
        let mut visited: Vec<u32> = Vec::new();
        // the work left: a node, the range of keys under it, and its depth. An explicit stack,
        // not recursion: a key can be as long as a gazetteer line
        let mut pending: Vec<(u32, usize, usize, usize)> = vec![(ROOT, 0, keys.len(), 0)];
        while let Some((node, mut lo, hi, depth)) = pending.pop() {
            visited.push(node);
            // every key of the range starts with the node's path; only the first can end here
            if lo < hi && key(lo).len() == depth {
                if node != ROOT {
                    nodes[node as usize].key = lo as u32;
                }
                lo += 1;
            }
            let first_edge = count(labels.len())?;
            let mut start = lo;
            let first_child = pending.len();
            while start < hi {
                let label = key(start)[depth];
                let mut end = start + 1;
                while end < hi && key(end)[depth] == label {
                    end += 1;
                }
                let child = count(nodes.len())?;
                nodes.push(BuildNode {
                    first_edge: 0,
                    edge_count: 0,
                    key: NO_KEY,
                });
                labels.push(label);
                targets.push(child);
                pending.push((child, start, end, depth + 1));
                start = end;
            }
            // the first child is visited next, right after its parent (a chain of single
            // children is a run of adjacent records)
            pending[first_child..].reverse();
            let edge_count = labels.len() - first_edge as usize;
            let entry = &mut nodes[node as usize];
            entry.first_edge = first_edge;
            // a node's edges have distinct labels: at most 256
            entry.edge_count = edge_count as u16;
        }
        // each node's record offset, then the records
        let mut offsets = vec![0u32; nodes.len()];
        let mut size = 0usize;
        for &node in &visited {
            offsets[node as usize] = count(size)?;
            size += RECORD_HEAD + 5 * usize::from(nodes[node as usize].edge_count);
        }
        count(size)?;
        let mut arena = Vec::with_capacity(size);
        for &node in &visited {
            let BuildNode {
                first_edge,
                edge_count,
                key,
            } = nodes[node as usize];
            let edges = first_edge as usize..first_edge as usize + usize::from(edge_count);
            arena.extend_from_slice(&key.to_le_bytes());
            arena.extend_from_slice(&edge_count.to_le_bytes());
            arena.extend_from_slice(&labels[edges.clone()]);
            for &target in &targets[edges] {
                arena.extend_from_slice(&offsets[target as usize].to_le_bytes());
            }
        }
        let mut root_children = Box::new([NO_NODE; 256]);
        let root = &nodes[ROOT as usize];
        for edge in
            root.first_edge as usize..root.first_edge as usize + usize::from(root.edge_count)
        {
            root_children[usize::from(labels[edge])] = offsets[targets[edge] as usize];
        }
        Ok(Trie {
            arena,
            root_children,
        })
    }

    /// The little-endian `u32` at byte `at` of the arena.
    #[inline]
    fn u32_at(&self, at: usize) -> u32 {
        let mut bytes = [0u8; 4];
        bytes.copy_from_slice(&self.arena[at..at + 4]);
        u32::from_le_bytes(bytes)
    }

    /// The node reached from `node` by `byte`, if a key continues that way.
    #[inline]
    pub fn step(&self, node: NodeId, byte: u8) -> Option<NodeId> {
        if node == ROOT {
            let child = self.root_children[usize::from(byte)];
            return (child != NO_NODE).then_some(child);
        }
        let at = node as usize;
        let count = usize::from(u16::from_le_bytes([self.arena[at + 4], self.arena[at + 5]]));
        let labels_at = at + RECORD_HEAD;
        let labels = &self.arena[labels_at..labels_at + count];
        let found = if count < SCAN_EDGES {
            labels.iter().position(|&label| label == byte)
        } else {
            labels.binary_search(&byte).ok()
        };
        found.map(|edge| self.u32_at(labels_at + count + 4 * edge))
    }

    /// The index of the key that ends at `node`, if one does.
    #[inline]
    pub fn key(&self, node: NodeId) -> Option<usize> {
        let key = self.u32_at(node as usize);
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
