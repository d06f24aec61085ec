// n8n finds the node and the credential through the "n8n" section of package.json, so this file
// is not published; it only lets `require('n8n-nodes-jusbiz')` from a checkout resolve.
module.exports = {};
