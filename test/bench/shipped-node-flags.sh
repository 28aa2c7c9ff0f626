# Sourced by the benchmark scripts: the Node flags the service ships with (those of package.json's
# start:prod, which `npm start` and the image use too), so that what is measured is what runs.
# Sets the array SHIPPED_NODE_FLAGS; run from the repository's root.
read -ra SHIPPED_NODE_FLAGS <<<"$(node -p "require('./package.json').scripts['start:prod'].split(' ').slice(1, -1).join(' ')")"
